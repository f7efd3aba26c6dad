import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { parse } from 'yaml'
import { z } from 'zod'
import { configJsonSchema, configJsonSchemaText } from './jsonSchema'

test.each(['shared', 'model'] as const)(
  'behavior: schemas/%s.schema.json is what `pnpm --filter @idx/config schemas` emits',
  (name) => {
    const committed = readFileSync(new URL(`../schemas/${name}.schema.json`, import.meta.url), 'utf8')
    // If this fails, run `pnpm --filter @idx/config schemas` and commit the result.
    expect(committed).toBe(configJsonSchemaText(name))
  },
)

test('default: the schemas describe the files as written', () => {
  const shared = configJsonSchema('shared')
  expect(shared).toMatchObject({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'idx shared configuration',
    additionalProperties: false,
    required: ['config_version', 'chain', 'price_feeds'],
  })
  const model = configJsonSchema('model')
  expect(model).toMatchObject({
    title: 'idx model configuration',
    required: ['config_version', 'model', 'sources'],
  })
  // Addresses are accepted in any case (the loader lowercases them).
  expect(JSON.stringify(shared)).toContain('"pattern":"^0x[0-9a-fA-F]{40}$"')
})

test('behavior: the sample files are valid against the committed schemas (as an editor reads them)', () => {
  for (const [name, file] of [
    ['shared', 'shared_v1_0.yaml'],
    ['model', 'blub_test_v1_0.yaml'],
  ] as const) {
    const schema = z.fromJSONSchema(
      JSON.parse(readFileSync(new URL(`../schemas/${name}.schema.json`, import.meta.url), 'utf8')),
    )
    const data = parse(readFileSync(new URL(`../../../prisma/${file}`, import.meta.url), 'utf8'))
    expect(schema.safeParse(data).error).toBeUndefined()
    expect(schema.safeParse({ ...data, unknown_key: 1 }).success).toBe(false)
  }
})
