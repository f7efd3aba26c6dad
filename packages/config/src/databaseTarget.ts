import path from 'node:path'
import { BaseError } from './errors'
import { type IdxSettings, readPasswordFile } from './settings'

/** A database on a PostgreSQL server. `url` carries the password; print only `redactedUrl`. */
export type PostgresTarget = {
  kind: 'postgres'
  role: DatabaseRole
  database: string
  host: string
  port: number
  user: string
  password: string | undefined
  /** Query parameters of the server URL (sslmode, …), kept as given. */
  params: string
  /** The full connection URL, password included: never log it. */
  url: string
  /** The connection URL with the password replaced by `***`. */
  redactedUrl: string
}

/** An embedded PGlite database: one data directory per database. */
export type PgliteTarget = {
  kind: 'pglite'
  role: DatabaseRole
  database: string
  dataDir: string
}

export type DatabaseTarget = PostgresTarget | PgliteTarget

/** Which idx database a target is: the shared one, or the database of one model. */
export type DatabaseRole = { kind: 'shared' } | { kind: 'model'; model: string }

/** Where databases live, before a database name is chosen. */
export type DatabaseServer =
  | {
      kind: 'postgres'
      source: string
      host: string
      port: number
      user: string
      password: string | undefined
      params: string
    }
  | { kind: 'pglite'; dataDir: string }

export const DEFAULT_SHARED_DB = 'idx_shared'
export const DEFAULT_DATA_DIR = '.idx'

export class InvalidDatabaseUrlError extends BaseError {
  override name = 'InvalidDatabaseUrlError'
  constructor(source: string, reason: string) {
    super(`${source} is not a valid PostgreSQL URL: ${reason}.`, {
      details: ['Expected postgresql://USER[:PASSWORD]@HOST[:PORT][/DATABASE][?PARAMS].'],
    })
  }
}

export class InvalidDatabaseSettingError extends BaseError {
  override name = 'InvalidDatabaseSettingError'
}

export class InvalidDatabaseNameError extends BaseError {
  override name = 'InvalidDatabaseNameError'
  constructor(name: string, source: string) {
    const reserved = reservedDatabaseName(name)
    super(
      reserved === undefined
        ? `The database name ${JSON.stringify(name)} from ${source} is not valid.`
        : `The database name ${JSON.stringify(name)} from ${source} is reserved: ${reserved}.`,
      {
        details: [
          reserved === undefined
            ? 'Use 1 to 63 lowercase letters, digits and underscores, starting with a letter or an underscore.'
            : "Give idx a database of its own (IDX_SHARED_DB, or the model file's model.database).",
        ],
      },
    )
  }
}

/** The database names idx accepts: no quotes, spaces or capitals, at most 63 characters. */
export const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/

/**
 * Databases every PostgreSQL server has for itself: idx never migrates,
 * writes to or drops them, whatever a file or a variable says.
 */
export const RESERVED_DATABASE_NAMES = ['postgres', 'template0', 'template1'] as const

/** Why `name` is reserved (a phrase), or `undefined` when idx may use it. */
export function reservedDatabaseName(name: string): string | undefined {
  if (name === 'postgres') return "it is PostgreSQL's maintenance database"
  if (name === 'template0' || name === 'template1')
    return 'it is one of the templates PostgreSQL copies every new database from'
  return undefined
}

/** Throws unless `name` is a database name idx accepts (no quotes, spaces or capitals, not reserved). */
export function assertDatabaseName(name: string, source: string): string {
  if (!DATABASE_NAME.test(name) || reservedDatabaseName(name) !== undefined)
    throw new InvalidDatabaseNameError(name, source)
  return name
}

function parsePort(value: string, source: string): number {
  const port = Number(value)
  if (!/^\d+$/.test(value) || port < 1 || port > 65535)
    throw new InvalidDatabaseSettingError(
      `${source} must be a port number between 1 and 65535, got "${value}".`,
    )
  return port
}

/**
 * Resolves where idx's databases live — the one credential chain:
 * `IDX_DATABASE_URL`, else the discrete `IDX_DB_*` settings, else embedded
 * PGlite directories under `IDX_DATA_DIR`.
 */
export function resolveDatabaseServer(settings: IdxSettings): DatabaseServer {
  if (settings.databaseUrl !== undefined) return parseServerUrl(settings.databaseUrl, 'IDX_DATABASE_URL')
  if (settings.host !== undefined) {
    const password =
      settings.passwordFile !== undefined
        ? readPasswordFile(settings.passwordFile, settings.cwd)
        : settings.password
    return {
      kind: 'postgres',
      source: 'IDX_DB_HOST',
      host: settings.host,
      port: settings.port === undefined ? 5432 : parsePort(settings.port, 'IDX_DB_PORT'),
      user: settings.user ?? 'postgres',
      password,
      params: '',
    }
  }
  return { kind: 'pglite', dataDir: path.resolve(settings.cwd, settings.dataDir ?? DEFAULT_DATA_DIR) }
}

function parseServerUrl(raw: string, source: string): Extract<DatabaseServer, { kind: 'postgres' }> {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new InvalidDatabaseUrlError(source, 'it could not be parsed')
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    throw new InvalidDatabaseUrlError(
      source,
      `its scheme is "${url.protocol.replace(/:$/, '')}", not postgresql`,
    )
  if (url.hostname === '') throw new InvalidDatabaseUrlError(source, 'it names no host')
  const decode = (value: string) => {
    try {
      return decodeURIComponent(value)
    } catch {
      throw new InvalidDatabaseUrlError(source, 'its user, password or host holds a malformed %-escape')
    }
  }
  return {
    kind: 'postgres',
    source,
    // URL keeps the brackets of an IPv6 host ("[::1]"); buildUrl adds them back.
    host: decode(url.hostname).replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? 5432 : parsePort(url.port, `The port in ${source}`),
    user: url.username === '' ? 'postgres' : decode(url.username),
    password: url.password === '' ? undefined : decode(url.password),
    params: url.search,
  }
}

function buildUrl(
  server: Extract<DatabaseServer, { kind: 'postgres' }>,
  database: string,
  password?: string,
  params = server.params,
) {
  const auth = encodeURIComponent(server.user) + (password === undefined ? '' : `:${password}`)
  const host = server.host.includes(':') ? `[${server.host}]` : server.host
  return `postgresql://${auth}@${host}:${server.port}/${database}${params}`
}

/** libpq also reads a password from the query string (`?password=…`): hide it too. */
const redactParams = (params: string) => params.replace(/([?&]password=)[^&]*/gi, '$1***')

/** The target of one named database on a resolved server. */
export function databaseTarget(server: DatabaseServer, database: string, role: DatabaseRole): DatabaseTarget {
  if (server.kind === 'pglite')
    return { kind: 'pglite', role, database, dataDir: path.join(server.dataDir, database) }
  return {
    kind: 'postgres',
    role,
    database,
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    params: server.params,
    url: buildUrl(
      server,
      database,
      server.password === undefined ? undefined : encodeURIComponent(server.password),
    ),
    redactedUrl: buildUrl(
      server,
      database,
      server.password === undefined ? undefined : '***',
      redactParams(server.params),
    ),
  }
}

/** The shared database's target: its name from `IDX_SHARED_DB` (default `idx_shared`). */
export function sharedDatabaseTarget(
  settings: IdxSettings,
  server = resolveDatabaseServer(settings),
): DatabaseTarget {
  const name = settings.sharedDb ?? DEFAULT_SHARED_DB
  assertDatabaseName(name, settings.sharedDb === undefined ? 'the default' : 'IDX_SHARED_DB')
  return databaseTarget(server, name, { kind: 'shared' })
}

/** A model database's target: its name comes from the model's configuration. */
export function modelDatabaseTarget(
  settings: IdxSettings,
  model: { name: string; database: string },
  server = resolveDatabaseServer(settings),
): DatabaseTarget {
  assertDatabaseName(model.database, `the configuration of model "${model.name}"`)
  return databaseTarget(server, model.database, { kind: 'model', model: model.name })
}

/** How a target is shown to a person: a redacted URL, or the PGlite directory. */
export function describeTarget(target: DatabaseTarget): string {
  return target.kind === 'postgres' ? target.redactedUrl : `PGlite ${target.dataDir}`
}

/** Replaces the password of any PostgreSQL URL inside `text` with `***`. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text.replace(/(postgres(?:ql)?:\/\/[^:/@\s]*:)([^@\s]*)@/gi, '$1***@')
  for (const secret of secrets) {
    if (secret && secret.length > 0) {
      out = out.split(secret).join('***')
      const encoded = encodeURIComponent(secret)
      if (encoded !== secret) out = out.split(encoded).join('***')
    }
  }
  return out
}

/**
 * The target named by a complete PostgreSQL URL (database included), for
 * callers handed a URL by another tool (the Prisma CLI's datasource).
 */
export function postgresTargetFromUrl(
  raw: string,
  role: DatabaseRole,
  source = 'The datasource URL',
): PostgresTarget {
  const server = parseServerUrl(raw, source)
  if (server.kind !== 'postgres') throw new InvalidDatabaseUrlError(source, 'it is not a PostgreSQL URL')
  const url = new URL(raw)
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres'
  return databaseTarget(server, database, role) as PostgresTarget
}
