import { readFileSync } from 'node:fs'
import path from 'node:path'
import { BaseError } from './errors'

/**
 * Everything idx reads from the environment, in one place. No other module of
 * idx reads `process.env`: commands receive an {@link IdxSettings} instead.
 */
export type IdxSettings = {
  /** The directory relative paths are resolved against (the user's working directory). */
  cwd: string
  /** `IDX_DATABASE_URL`: a PostgreSQL server; each database's name replaces its path. */
  databaseUrl: string | undefined
  /** `IDX_DB_HOST`, `IDX_DB_PORT`, `IDX_DB_USER`, `IDX_DB_PASSWORD`, `IDX_DB_PASSWORD_FILE`. */
  host: string | undefined
  port: string | undefined
  user: string | undefined
  password: string | undefined
  passwordFile: string | undefined
  /** `IDX_SHARED_DB`: the shared database's name (default `idx_shared`). */
  sharedDb: string | undefined
  /** `IDX_DATA_DIR`: where the embedded PGlite databases live (default `.idx/`). */
  dataDir: string | undefined
  /** `IDX_MODEL_DB`: the model database the Prisma CLI acts on (model-db's prisma.config.ts). */
  modelDb: string | undefined
  /** `IDX_CONFIG_MAX_BYTES`: the largest configuration file idx reads (see {@link configLoadOptions}). */
  configMaxBytes: string | undefined
  /** The raw environment, for settings of later features (RPC URLs named in YAML). */
  env: Readonly<Record<string, string | undefined>>
}

/** Flags a command line may pass to override the environment. */
export type SettingsOverrides = Partial<
  Pick<
    IdxSettings,
    'databaseUrl' | 'host' | 'port' | 'user' | 'passwordFile' | 'sharedDb' | 'dataDir' | 'cwd'
  >
>

export type ReadSettingsParameters = {
  /** Defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>> | undefined
  /** Defaults to `INIT_CWD` (the directory `pnpm …` was started in) or `process.cwd()`. */
  cwd?: string | undefined
  overrides?: SettingsOverrides | undefined
}

/**
 * Reads idx's settings from the environment, with command-line overrides on top.
 *
 * @example
 * ```ts
 * const settings = readSettings({ overrides: { dataDir: '/tmp/idx' } })
 * ```
 */
export function readSettings(parameters: ReadSettingsParameters = {}): IdxSettings {
  const env = parameters.env ?? process.env
  const overrides = parameters.overrides ?? {}
  const blank = (value: string | undefined) =>
    value === undefined || value.trim() === '' ? undefined : value
  const cwd = overrides.cwd ?? parameters.cwd ?? blank(env.INIT_CWD) ?? process.cwd()
  return {
    cwd,
    databaseUrl: blank(overrides.databaseUrl) ?? blank(env.IDX_DATABASE_URL),
    host: blank(overrides.host) ?? blank(env.IDX_DB_HOST),
    port: blank(overrides.port) ?? blank(env.IDX_DB_PORT),
    user: blank(overrides.user) ?? blank(env.IDX_DB_USER),
    password: env.IDX_DB_PASSWORD === '' ? undefined : env.IDX_DB_PASSWORD,
    passwordFile: blank(overrides.passwordFile) ?? blank(env.IDX_DB_PASSWORD_FILE),
    sharedDb: blank(overrides.sharedDb) ?? blank(env.IDX_SHARED_DB),
    dataDir: blank(overrides.dataDir) ?? blank(env.IDX_DATA_DIR),
    modelDb: blank(env.IDX_MODEL_DB),
    configMaxBytes: blank(env.IDX_CONFIG_MAX_BYTES),
    env,
  }
}

/** A setting of the environment that idx cannot use. */
export class InvalidSettingError extends BaseError {
  override name = 'InvalidSettingError'
}

/**
 * The limits configuration files are read with: `IDX_CONFIG_MAX_BYTES`, a
 * whole number of bytes (default 8 MiB).
 *
 * @example
 * ```ts
 * const loaded = await loadSharedConfig(file, configLoadOptions(readSettings()))
 * ```
 */
export function configLoadOptions(settings: IdxSettings): { maxBytes: number | undefined } {
  const raw = settings.configMaxBytes
  if (raw === undefined) return { maxBytes: undefined }
  const plain = raw.replaceAll('_', '')
  if (!/^[0-9]+$/.test(plain) || Number(plain) < 1 || !Number.isSafeInteger(Number(plain)))
    throw new InvalidSettingError(
      `IDX_CONFIG_MAX_BYTES must be a positive whole number of bytes, got ${JSON.stringify(raw)}.`,
      { details: ['For example IDX_CONFIG_MAX_BYTES=33554432 reads files up to 32 MiB.'] },
    )
  return { maxBytes: Number(plain) }
}

export class PasswordFileError extends BaseError {
  override name = 'PasswordFileError'
  constructor(file: string, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code
    super(
      `The password file "${file}" named by IDX_DB_PASSWORD_FILE could not be read${code ? ` (${code})` : ''}.`,
      { details: ['Mount the secret at that path, or set IDX_DB_PASSWORD instead.'], cause },
    )
  }
}

/** Reads a mounted-secret password file; a trailing newline is not part of the password. */
export function readPasswordFile(file: string, cwd: string): string {
  const absolute = path.resolve(cwd, file)
  try {
    return readFileSync(absolute, 'utf8').replace(/\r?\n$/, '')
  } catch (cause) {
    throw new PasswordFileError(absolute, cause)
  }
}
