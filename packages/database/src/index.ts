export { schemaEngineBinaryPath, withSchemaEngineBinary } from './binary'
export { type BridgeIo, formatBridgePanic, runSchemaEngineBridge } from './bridge'
export {
  COPY_NULL,
  copyBool,
  copyRows,
  copyText,
  copyTimestamp,
  copyValue,
} from './bulkWrite/copyRows'
export {
  type BulkColumn,
  type InsertRowsOptions,
  ident,
  insertRows,
  intArrayLiteral,
  TIMESTAMP,
  textArrayLiteral,
  unnestColumns,
} from './bulkWrite/insertRows'
export {
  type CopyFn,
  connectTarget,
  pgliteAdapterFactory,
  type QueryFn,
  type TargetConnection,
} from './connection'
export {
  type CreateMigrationParameters,
  createMigration,
  type DiffMigrationParameters,
  diffMigration,
} from './createMigration'
export {
  type CreateDatabaseOptions,
  createDatabase,
  type DropModelDatabaseParameters,
  databaseExists,
  dropModelDatabase,
} from './databases'
export { createSchemaEngine, type EngineLog, loadSchemaEngineModule, takeEnginePanic } from './engine'
export {
  DatabaseConnectionError,
  DatabaseIdentityError,
  MigrationError,
  MigrationFailedError,
  PgliteLockedError,
  ResetRefusedError,
  toConnectionError,
} from './errors'
export {
  assertDatabaseIdentity,
  type CheckIdentityOptions,
  checkDatabaseIdentity,
  type DatabaseIdentity,
  type DatabaseMarker,
  type DatabaseState,
  type ExpectedIdentity,
  type IdentityVerdict,
  readDatabaseState,
  readSharedIdentity,
} from './identity'
export {
  type ApplyMigrationsParameters,
  type ApplyMigrationsReturnType,
  applyMigrations,
  withEngine,
} from './migrate'
export { migrationNames, readMigrationsDirectory } from './migrationsDir'
export {
  closeIdlePglite,
  type OpenPgliteOptions,
  openPglite,
  type PgliteHandle,
  withPgliteSession,
} from './pglite'
export { openPrismaDatabase, type PrismaDatabase } from './prismaDatabase'
export { isProcessAlive } from './processAlive'
export { listAppliedMigrations, listTableRowCounts } from './queries/catalog'
export type { RecoveredMigration } from './recover'
export {
  type ResolveMigrationParameters,
  resolveMigration,
} from './resolve'
export { type MigrationStatus, type MigrationStatusParameters, migrationStatus } from './status'
