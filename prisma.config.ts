// Lets the Prisma CLI run from the repository root against either database:
//   pnpm exec prisma migrate deploy --schema packages/shared-db/prisma/schema.prisma
//   IDX_MODEL_DB=idx_model_blub_test pnpm exec prisma migrate deploy --schema packages/model-db/prisma/schema.prisma
// The URL comes from idx's one credential chain; the schema engine is idx's WASM
// bridge unless PRISMA_SCHEMA_ENGINE_BINARY says otherwise. Each db package has
// its own prisma.config.ts for running the CLI inside the package.
import path from 'node:path'
import { modelDatabaseTarget, readSettings, sharedDatabaseTarget } from '@idx/config'
import { schemaEngineBinaryPath } from '@idx/database'
import { defineConfig } from 'prisma/config'

process.env.PRISMA_SCHEMA_ENGINE_BINARY ||= schemaEngineBinaryPath()

const argv = process.argv
const schemaFlag = argv.findIndex((arg) => arg === '--schema' || arg.startsWith('--schema='))
const schema =
  schemaFlag === -1 ? undefined : (argv[schemaFlag]!.split('=')[1] ?? argv[schemaFlag + 1] ?? undefined)
const isModel = schema !== undefined && path.resolve(schema).includes(`${path.sep}model-db${path.sep}`)

const settings = readSettings({ cwd: process.cwd() })
const target = isModel
  ? settings.modelDb === undefined
    ? undefined
    : modelDatabaseTarget(settings, { name: settings.modelDb, database: settings.modelDb })
  : sharedDatabaseTarget(settings)

export default defineConfig({
  ...(schema === undefined ? { schema: 'packages/shared-db/prisma/schema.prisma' } : {}),
  ...(target?.kind === 'postgres' ? { datasource: { url: target.url } } : {}),
})
