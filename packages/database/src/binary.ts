import { fileURLToPath } from 'node:url'

/** The absolute path of the bridge executable for `PRISMA_SCHEMA_ENGINE_BINARY`. */
export function schemaEngineBinaryPath(): string {
  return fileURLToPath(new URL('../bin/idx-schema-engine.js', import.meta.url))
}

/**
 * Returns `env` with `PRISMA_SCHEMA_ENGINE_BINARY` pointing at the bridge,
 * unless the user already chose an engine.
 */
export function withSchemaEngineBinary(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  return { ...env, PRISMA_SCHEMA_ENGINE_BINARY: env.PRISMA_SCHEMA_ENGINE_BINARY ?? schemaEngineBinaryPath() }
}
