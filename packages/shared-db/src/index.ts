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
export {
  type MigrateSharedDbParameters,
  migrateSharedDb,
  resolveSharedMigration,
  sharedDbStatus,
  sharedDeployment,
  sharedMigrationsDir,
  sharedSchemaPath,
} from './migrations'
export { hasModelRegistry } from './queries/registry'
export {
  type AvaxUsdFeed,
  type AvaxUsdPriceRow,
  deleteAvaxUsdPricesFrom,
  findAvaxUsdFeed,
  findAvaxUsdPrices,
  listAvaxUsdPrices,
  type StoredAvaxUsdPrice,
  storeAvaxUsdPrices,
} from './repositories/avaxUsd'
export type { ContractRef, ModelRef } from './repositories/lookup'
export { findModel, listModels, type ModelRecord, readModelGeneration } from './repositories/models'
export {
  type CanonicalPricingSettings,
  decidePricingMethod,
  type EffectivePricingMethod,
  effectivePricingConfig,
  listPricingPools,
  loadModelPricingSetup,
  type ModelPricingSetup,
  type PoolDefaultRow,
  type PricingConfigRow,
  type PricingDecision,
  type PricingPool,
  type PricingSetupPool,
  type PricingTier,
  type ResolvePricingMethodParameters,
  resolvePricingMethod,
} from './repositories/pricing'
export {
  findPricingConfigVersions,
  loadPoolPricingAt,
  type PoolPricingAt,
  type PricingConfigVersion,
} from './repositories/pricingHistory'
export { DEX_AGGREGATOR_TYPE, listRouterLabels, type RouterLabel } from './repositories/routers'
export {
  listModelContracts,
  listModelSources,
  listModelTokens,
  type TrackedContract,
  type TrackedSource,
  type TrackedToken,
} from './repositories/tracked'
