import { BaseError, type DatabaseTarget, describeTarget } from '@idx/config'

/** A database could not be reached, refused the credentials, or does not exist. */
export class DatabaseConnectionError extends BaseError {
  override name = 'DatabaseConnectionError'
}

export class MigrationError extends BaseError {
  override name = 'MigrationError'
}

/**
 * A migration's SQL failed (now, or on an earlier run). Its transaction was
 * rolled back; idx does not retry it on its own: the operator fixes the cause
 * and says what happened with `idx migrate resolve`.
 */
export class MigrationFailedError extends BaseError {
  override name = 'MigrationFailedError'
  readonly migration: string
  constructor(target: DatabaseTarget, migration: string, logs: string, when: 'now' | 'earlier') {
    const which = target.role.kind === 'shared' ? '--shared' : `--model ${target.role.model}`
    const error = migrationErrorText(logs)
    super(
      when === 'now'
        ? `The migration "${migration}" of ${describeTarget(target)} failed: ${error}`
        : `The migration "${migration}" of ${describeTarget(target)} failed on an earlier run, so no migration after it is applied.`,
      {
        details: [
          ...(when === 'earlier' ? [`Its error: ${error}`] : []),
          'Its transaction was rolled back: nothing of it is in the database. Fix the cause, then mark it rolled back and migrate again:',
          `  idx migrate resolve --rolled-back ${migration} ${which} && idx migrate ${which}`,
          'If you applied its changes by hand instead, mark it applied:',
          `  idx migrate resolve --applied ${migration} ${which}`,
        ],
      },
    )
    this.migration = migration
  }
}

/** The database's own words from the engine's log of a failed migration (its backtrace left out). */
export function migrationErrorText(logs: string): string {
  const lines = logs
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && line !== 'external connector error')
  const end = lines.findIndex((line) => /^\d+: /.test(line))
  const text = (end === -1 ? lines : lines.slice(0, end)).join(' ')
  return text === '' ? 'the engine recorded no message' : /[.!?]$/.test(text) ? text : `${text}.`
}

export class PgliteLockedError extends BaseError {
  override name = 'PgliteLockedError'
  constructor(dataDir: string, holder: string) {
    super(`The embedded database at "${dataDir}" is in use by another idx process (${holder}).`, {
      details: ['Wait for that process to finish, or stop it; PGlite allows one process per database.'],
    })
  }
}

/** A database is not what a command expects: another kind, model or deployment, or not idx's. */
export class DatabaseIdentityError extends BaseError {
  override name = 'DatabaseIdentityError'
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
