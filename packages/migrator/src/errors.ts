import { BaseError, type DatabaseTarget, describeTarget } from '@idx/config'

/** A database could not be reached, refused the credentials, or does not exist. */
export class DatabaseConnectionError extends BaseError {
  override name = 'DatabaseConnectionError'
}

export class MigrationError extends BaseError {
  override name = 'MigrationError'
}

export class PgliteLockedError extends BaseError {
  override name = 'PgliteLockedError'
  constructor(dataDir: string, holder: string) {
    super(`The embedded database at "${dataDir}" is in use by another idx process (${holder}).`, {
      details: ['Wait for that process to finish, or stop it; PGlite allows one process per database.'],
    })
  }
}

export class ResetRefusedError extends BaseError {
  override name = 'ResetRefusedError'
}

type PgLikeError = { code?: string; message?: string; errno?: number }

/**
 * Turns a driver error into a sentence the operator can act on. Never includes
 * the connection URL's password: only the redacted form of the target is named.
 */
export function toConnectionError(error: unknown, target: DatabaseTarget): unknown {
  if (error instanceof BaseError) return error
  const e = (error ?? {}) as PgLikeError
  const where = target.kind === 'postgres' ? `${target.host}:${target.port}` : target.dataDir
  switch (e.code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return new DatabaseConnectionError(
        `The PostgreSQL server at "${where}" could not be reached (${e.code}).`,
        {
          details: [
            `Database: ${describeTarget(target)}. Check IDX_DATABASE_URL or IDX_DB_HOST / IDX_DB_PORT.`,
          ],
          cause: error,
        },
      )
    case '28P01':
    case '28000':
      return new DatabaseConnectionError(
        `The PostgreSQL server at "${where}" refused the credentials of user "${target.kind === 'postgres' ? target.user : ''}".`,
        {
          details: [
            "Check IDX_DB_USER and IDX_DB_PASSWORD / IDX_DB_PASSWORD_FILE, or the URL's user and password.",
          ],
          cause: error,
        },
      )
    case '3D000':
      return new DatabaseConnectionError(`The database "${target.database}" does not exist on "${where}".`, {
        details: ['Run `idx db create` or `idx migrate`, which creates it.'],
        cause: error,
      })
    default:
      return error
  }
}
