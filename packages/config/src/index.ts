export { BaseError, type BaseErrorOptions, isIdxError } from './errors'
export {
  type IdxSettings,
  type ReadSettingsParameters,
  type SettingsOverrides,
  PasswordFileError,
  readPasswordFile,
  readSettings,
} from './settings'
export {
  assertDatabaseName,
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
  redactSecrets,
  resolveDatabaseServer,
  sharedDatabaseTarget,
} from './database-target'
