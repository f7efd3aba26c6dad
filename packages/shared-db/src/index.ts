export { type CreateSharedDbParameters, createSharedDb, type SharedDb, type SharedDbClient } from './client'
export {
  ConfigImportError,
  NotAPoolError,
  SharedConfigMissingError,
  UnknownContractError,
  UnknownModelError,
} from './errors'
export * as SharedDbTypes from './generated/prisma/client'
export { importModelConfig } from './import/model'
export type {
  FieldChange,
  ImportAction,
  ImportKind,
  ImportPlan,
  KindSummary,
  PlanEntry,
  PlanValue,
} from './import/plan'
export { type ImportConfigOptions, importSharedConfig } from './import/shared'
export { migrateSharedDb, sharedDbStatus, sharedMigrationsDir, sharedSchemaPath } from './migrations'
export { findModel, listModels, type ModelRecord } from './repositories/models'
