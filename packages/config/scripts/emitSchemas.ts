// Writes the JSON Schemas of both configuration files into packages/config/schemas/.
// Run with `pnpm --filter @idx/config schemas`; a test fails when the committed files are stale.
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { CONFIG_SCHEMAS, type ConfigSchemaName, configJsonSchemaText } from '../src/jsonSchema'

for (const name of Object.keys(CONFIG_SCHEMAS) as ConfigSchemaName[]) {
  const file = fileURLToPath(new URL(`../schemas/${name}.schema.json`, import.meta.url))
  writeFileSync(file, configJsonSchemaText(name))
  console.log(`wrote ${file}`)
}
