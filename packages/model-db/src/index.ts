export { type CreateModelDbParameters, createModelDb, type ModelDb, type ModelDbClient } from './client'
export { migrateModelDb, modelDbStatus, modelMigrationsDir, modelSchemaPath } from './migrations'
export * as ModelDbTypes from './generated/prisma/client'
