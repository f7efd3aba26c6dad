import { createRequire } from 'node:module'
import path from 'node:path'

/**
 * The absolute path of the bridge executable for `PRISMA_SCHEMA_ENGINE_BINARY`: the package's
 * `bin/idx-schema-engine.js`, found through the package's own `package.json` so that the answer is
 * the same from the sources (`src/migrations/`) and from the build (`dist/`).
 */
export function schemaEngineBinaryPath(): string {
  const packageJson = createRequire(import.meta.url).resolve('@idx/database/package.json')
  return path.join(path.dirname(packageJson), 'bin', 'idx-schema-engine.js')
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
