export { type CreateModelDbParameters, createModelDb, type ModelDb, type ModelDbClient } from './client'
export * as ModelDbTypes from './generated/prisma/client'
export { migrateModelDb, modelDbStatus, modelMigrationsDir, modelSchemaPath } from './migrations'
