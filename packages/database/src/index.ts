// @idx/database — two halves:
//
// - runtime/    what every database package stands on at run time: connections to PostgreSQL and
//               PGlite (`connectTarget`, raw queries and COPY), the PGlite instance and its lock
//               file, database lifecycle (create, exists, drop), identity markers, process liveness;
// - migrations/ applying a Prisma `migrations/` folder with Prisma's WASM schema engine: apply,
//               status, recover, resolve, create, and the bridge that lets the Prisma CLI use it.
//
// bulkWrite/ holds the multi-row INSERT and the COPY encoder both db packages write with;
// errors.ts holds the errors of both.

// Bulk writes (both db packages): a multi-row INSERT from one array per column, and COPY.
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
  DatabaseConnectionError,
  DatabaseIdentityError,
  MigrationError,
  MigrationFailedError,
  PgliteLockedError,
  ResetRefusedError,
  toConnectionError,
} from './errors'
// Migrations.
export {
  type ApplyMigrationsParameters,
  type ApplyMigrationsReturnType,
  applyMigrations,
  withEngine,
} from './migrations/applyMigrations'
export {
  type CreateMigrationParameters,
  createMigration,
  type DiffMigrationParameters,
  diffMigration,
} from './migrations/createMigration'
export {
  type MigrationStatus,
  type MigrationStatusParameters,
  migrationStatus,
} from './migrations/migrationStatus'
export { migrationNames, readMigrationsDirectory } from './migrations/migrationsDir'
export type { RecoveredMigration } from './migrations/recoverMigrations'
export { type ResolveMigrationParameters, resolveMigration } from './migrations/resolveMigration'
export {
  createSchemaEngine,
  type EngineLog,
  loadSchemaEngineModule,
  takeEnginePanic,
} from './migrations/schemaEngine'
export { schemaEngineBinaryPath, withSchemaEngineBinary } from './migrations/schemaEngineBinary'
export { type BridgeIo, formatBridgePanic, runSchemaEngineBridge } from './migrations/schemaEngineBridge'
// Catalog reads (what `idx db inspect` shows).
export { listAppliedMigrations, listTableRowCounts } from './queries/catalog'
// Runtime.
export {
  type CopyFn,
  connectTarget,
  pgliteAdapterFactory,
  type QueryFn,
  type TargetConnection,
} from './runtime/connection'
export {
  type CreateDatabaseOptions,
  createDatabase,
  type DropModelDatabaseParameters,
  databaseExists,
  dropModelDatabase,
} from './runtime/databases'
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
} from './runtime/identity'
export {
  closeIdlePglite,
  type OpenPgliteOptions,
  openPglite,
  type PgliteHandle,
  withPgliteSession,
} from './runtime/pglite'
export { openPrismaDatabase, type PrismaDatabase } from './runtime/prismaDatabase'
export { isProcessAlive } from './runtime/processAlive'
