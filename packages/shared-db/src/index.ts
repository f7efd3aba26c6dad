export { type CreateSharedDbParameters, createSharedDb, type SharedDb, type SharedDbClient } from './client'
export * as SharedDbTypes from './generated/prisma/client'
export { migrateSharedDb, sharedDbStatus, sharedMigrationsDir, sharedSchemaPath } from './migrations'
export { findModel, listModels, type ModelRecord } from './repositories/models'
