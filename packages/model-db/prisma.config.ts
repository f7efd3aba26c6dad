// Prisma CLI configuration of a model database. Its URL comes from idx's one
// credential chain (IDX_DATABASE_URL / IDX_DB_*), with the database named by
// IDX_MODEL_DB (a model's `database`, e.g. idx_model_blub_test). The schema
// engine is idx's WASM bridge unless PRISMA_SCHEMA_ENGINE_BINARY says otherwise.
import { modelDatabaseTarget, readSettings } from '@idx/config'
import { schemaEngineBinaryPath } from '@idx/database'
import { defineConfig } from 'prisma/config'

process.env.PRISMA_SCHEMA_ENGINE_BINARY ||= schemaEngineBinaryPath()
const settings = readSettings()
const target =
  settings.modelDb === undefined
    ? undefined
    : modelDatabaseTarget(settings, { name: settings.modelDb, database: settings.modelDb })

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  ...(target?.kind === 'postgres' ? { datasource: { url: target.url } } : {}),
})
