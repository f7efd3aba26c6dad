export { type CreateSharedDbParameters, createSharedDb, type SharedDb, type SharedDbClient } from './client'
export { migrateSharedDb, sharedDbStatus, sharedMigrationsDir, sharedSchemaPath } from './migrations'
export * as SharedDbTypes from './generated/prisma/client'
