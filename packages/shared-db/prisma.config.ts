// Prisma CLI configuration of the shared database. The URL comes from idx's
// one credential chain (IDX_DATABASE_URL / IDX_DB_* / IDX_SHARED_DB), and the
// schema engine is idx's WASM bridge unless PRISMA_SCHEMA_ENGINE_BINARY says otherwise.
import { readSettings, sharedDatabaseTarget } from '@idx/config'
import { schemaEngineBinaryPath } from '@idx/database'
import { defineConfig } from 'prisma/config'

process.env.PRISMA_SCHEMA_ENGINE_BINARY ||= schemaEngineBinaryPath()
const target = sharedDatabaseTarget(readSettings())

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  ...(target.kind === 'postgres' ? { datasource: { url: target.url } } : {}),
})
