export {
  type BlockFilePattern,
  blockFilePatternProblem,
  DEFAULT_BLOCK_FILE_PATTERN,
  parseBlockFilePattern,
} from './blockFilePattern'
export {
  assertDatabaseName,
  DATABASE_NAME,
  type DatabaseRole,
  type DatabaseServer,
  type DatabaseTarget,
  DEFAULT_DATA_DIR,
  DEFAULT_SHARED_DB,
  databaseTarget,
  describeTarget,
  InvalidDatabaseNameError,
  InvalidDatabaseSettingError,
  InvalidDatabaseUrlError,
  modelDatabaseTarget,
  type PgliteTarget,
  type PostgresTarget,
  postgresTargetFromUrl,
  RESERVED_DATABASE_NAMES,
  redactSecrets,
  reservedDatabaseName,
  resolveDatabaseServer,
  sharedDatabaseTarget,
} from './databaseTarget'
export { BaseError, type BaseErrorOptions, isIdxError } from './errors'
export { ConfigFileEmptyError, ConfigFileEncodingError, ConfigFileTooLargeError } from './fileErrors'
export {
  type ConfigIssue,
  type ConfigLocator,
  type ConfigPath,
  type ConfigPosition,
  type ConfigProblem,
  ConfigValidationError,
  createConfigValidationError,
  formatConfigIssue,
  formatConfigPath,
  type LocateOptions,
} from './issues'
export { type ConfigSchemaName, configJsonSchema } from './jsonSchema'
export {
  ConfigFileReadError,
  detectConfigKind,
  firstInvalidUtf8,
  type LoadConfigOptions,
  type LoadedConfig,
  type LoadedConfigFile,
  loadConfigFile,
  loadModelConfig,
  loadSharedConfig,
  parseConfigFile,
  parseModelConfig,
  parseSharedConfig,
} from './load'
export { DEFAULT_CONFIG_MAX_BYTES, MAX_ALIAS_EXPANSION } from './parse'
export { type ResolvedModelConfig, resolveModelConfig } from './resolveModel'
export {
  type CanonicalPricing,
  MODEL_DATABASE_PREFIX,
  MODEL_PRICING_METHODS,
  MODEL_STATUSES,
  type ModelConfig,
  type ModelInfo,
  type ModelPricingMethod,
  type ModelStatus,
  modelConfigSchema,
  type PoolPricing,
  type TokenRef,
} from './schema/model'
export { type Address, CONFIG_VERSION } from './schema/primitives'
export {
  ADDRESS_KINDS,
  type AddressKind,
  type Chain,
  type Contract,
  type LabelledAddress,
  POOL_PRICING_METHODS,
  type Pool,
  type PoolPricingDefault,
  type PoolPricingMethod,
  type PriceFeed,
  type RpcSource,
  type SharedConfig,
  type Source,
  type StoredBlocksSource,
  sharedConfigSchema,
  TOKEN_TYPES,
  type Token,
  type TokenType,
} from './schema/shared'
export {
  configLoadOptions,
  type IdxSettings,
  InvalidSettingError,
  PasswordFileError,
  type ReadSettingsParameters,
  readPasswordFile,
  readSettings,
  type SettingsOverrides,
} from './settings'
