import { z } from 'zod'
import { modelConfigSchema } from './schema/model'
import { sharedConfigSchema } from './schema/shared'

/** The two configuration files, by the name of their JSON Schema file (`<name>.schema.json`). */
export const CONFIG_SCHEMAS = { shared: sharedConfigSchema, model: modelConfigSchema } as const

export type ConfigSchemaName = keyof typeof CONFIG_SCHEMAS

/**
 * The JSON Schema of a configuration file, for editors (`# yaml-language-server:
 * $schema=…`) and other tools. It describes the file as written (defaults
 * optional, addresses in any case); the cross-entry rules are checked only by
 * the loader.
 *
 * @example
 * ```ts
 * const schema = configJsonSchema('shared')
 * schema.title // 'idx shared configuration'
 * ```
 */
export function configJsonSchema(name: ConfigSchemaName): Record<string, unknown> {
  return z.toJSONSchema(CONFIG_SCHEMAS[name], { io: 'input', target: 'draft-2020-12' })
}

/** The text of `schemas/<name>.schema.json`, exactly as committed. */
export function configJsonSchemaText(name: ConfigSchemaName): string {
  return `${JSON.stringify(configJsonSchema(name), null, 2)}\n`
}
