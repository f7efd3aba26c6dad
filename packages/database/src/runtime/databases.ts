import { createHash } from 'node:crypto'
import { existsSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { type DatabaseTarget, describeTarget } from '@idx/config'
import type pg from 'pg'
import { DatabaseIdentityError, ResetRefusedError } from '../errors'
import {
  COMMENT_PREFIX,
  checkDatabaseIdentity,
  type DatabaseIdentity,
  type ExpectedIdentity,
  identityLabel,
  PGLITE_LABEL_FILE,
  readDatabaseState,
} from './identity'
import { closeIdlePglite, withPgliteDirectoryLock } from './pglite'
import { quoteIdent, quoteLiteral, withMaintenanceClient } from './server'

/** True when the target database exists (a PostgreSQL database, or an initialised PGlite directory). */
export async function databaseExists(target: DatabaseTarget): Promise<boolean> {
  if (target.kind === 'pglite') return existsSync(path.join(target.dataDir, 'PG_VERSION'))
  return withMaintenanceClient(target, async (client) => {
    const result = await client.query('select 1 from pg_database where datname = $1', [target.database])
    return result.rowCount === 1
  })
}

export type CreateDatabaseOptions = {
  /**
   * Whose the new database is. It is written with the database, atomically
   * (PostgreSQL: as its comment, before it gets its name; PGlite: as a file,
   * before its directory gets its name), so that idx can always tell a
   * database it created — even one a crash left empty — from one it did not.
   */
  identity?: DatabaseIdentity | undefined
}

/** Session advisory-lock namespace for creating databases (on the server's maintenance database). */
const CREATE_LOCK_NAMESPACE = 0x1d9

/**
 * Creates the target database when it does not exist. Safe to call from
 * several processes at once: a database created meanwhile by another is
 * fine. With an `identity`, the database is labelled with it as it is
 * created; a creation a crash interrupted is finished by the next call.
 *
 * @returns whether this call created it.
 *
 * @example
 * ```ts
 * await createDatabase(target, { identity: { kind: 'shared', deployment: randomUUID() } })
 * ```
 */
export async function createDatabase(
  target: DatabaseTarget,
  options: CreateDatabaseOptions = {},
): Promise<{ created: boolean }> {
  if (target.kind === 'pglite') return createPgliteDatabase(target, options.identity)
  return withMaintenanceClient(target, async (client) => {
    const exists = async (name: string) =>
      (await client.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1
    if (await exists(target.database)) return { created: false }
    await client.query('select pg_advisory_lock($1, hashtext($2))', [CREATE_LOCK_NAMESPACE, target.database])
    try {
      // A database being created is named after a digest of its name until it is labelled.
      const pending = `idx_new_${createHash('sha256').update(target.database).digest('hex').slice(0, 24)}`
      if (await exists(target.database)) {
        if (await exists(pending)) await client.query(`drop database ${quoteIdent(pending)} with (force)`)
        return { created: false }
      }
      if (options.identity === undefined) {
        await createOrRace(client, target.database)
        return { created: true }
      }
      if (!(await exists(pending))) await createOrRace(client, pending)
      await client.query(
        `comment on database ${quoteIdent(pending)} is ${quoteLiteral(COMMENT_PREFIX + identityLabel(options.identity))}`,
      )
      try {
        await client.query(`alter database ${quoteIdent(pending)} rename to ${quoteIdent(target.database)}`)
      } catch (error) {
        // Created meanwhile by a process that does not take the lock (an older idx, the Prisma CLI).
        if ((error as { code?: string }).code !== '42P04') throw error
        await client.query(`drop database ${quoteIdent(pending)} with (force)`)
        return { created: false }
      }
      return { created: true }
    } finally {
      await client.query('select pg_advisory_unlock($1, hashtext($2))', [
        CREATE_LOCK_NAMESPACE,
        target.database,
      ])
    }
  })
}

async function createOrRace(client: pg.Client, name: string): Promise<void> {
  try {
    await client.query(`create database ${quoteIdent(name)}`)
  } catch (error) {
    const code = (error as { code?: string }).code
    // 42P04: duplicate_database; 23505: the catalog's unique index, when two creates race.
    if (code !== '42P04' && code !== '23505') throw error
  }
}

/**
 * A PGlite database is a directory: it is initialised under a temporary name
 * beside its own, labelled, then renamed — all while holding the directory's
 * lock, so no process sees it half made.
 */
async function createPgliteDatabase(
  target: Extract<DatabaseTarget, { kind: 'pglite' }>,
  identity: DatabaseIdentity | undefined,
): Promise<{ created: boolean }> {
  if (await databaseExists(target)) return { created: false }
  const result = await withPgliteDirectoryLock(target.dataDir, async () => {
    if (await databaseExists(target)) return { created: false }
    const pending = `${path.resolve(target.dataDir)}.creating`
    rmSync(pending, { recursive: true, force: true }) // left by a creation a crash interrupted
    const db = await PGlite.create(pending)
    await db.close()
    if (identity !== undefined)
      writeFileSync(path.join(pending, PGLITE_LABEL_FILE), `${identityLabel(identity)}\n`)
    if (existsSync(target.dataDir)) {
      // An empty directory is replaced; anything else in the way is not idx's to remove.
      if (readdirSync(target.dataDir).length > 0)
        throw new DatabaseIdentityError(
          `The directory "${target.dataDir}" exists but is not a PGlite database: idx does not create a database over it.`,
          { details: ['Move it away, or point IDX_DATA_DIR elsewhere.'] },
        )
      rmSync(target.dataDir, { recursive: true, force: true })
    }
    renameSync(pending, target.dataDir)
    return { created: true }
  })
  return result ?? { created: false }
}

export type DropModelDatabaseParameters = {
  /** The model database to drop. */
  target: DatabaseTarget
  /** The shared database of the same deployment: it can never be dropped. */
  shared: DatabaseTarget
  /**
   * The deployment's id (its shared database's): a database of another
   * deployment is refused. Without it, only the kind and the model are checked.
   */
  deployment?: string | undefined
}

/**
 * Drops one model database, and only that: a database whose idx marker (or,
 * for one a crash left unmigrated, whose creation label) says it is this
 * model's, of this deployment. Refuses the shared database, another model's
 * or another deployment's database, any database idx did not create, and any
 * target whose role is not a model.
 *
 * @example
 * ```ts
 * await dropModelDatabase({ target: modelTarget, shared: sharedTarget, deployment })
 * ```
 */
export async function dropModelDatabase({
  target,
  shared,
  deployment,
}: DropModelDatabaseParameters): Promise<{ dropped: boolean }> {
  if (target.role.kind !== 'model')
    throw new ResetRefusedError(`Refusing to drop "${target.database}": only a model database can be reset.`)
  const model = target.role.model
  const sameAsShared =
    target.database === shared.database &&
    (target.kind === 'pglite'
      ? shared.kind === 'pglite' && path.resolve(target.dataDir) === path.resolve(shared.dataDir)
      : shared.kind === 'postgres' && target.host === shared.host && target.port === shared.port)
  if (sameAsShared)
    throw new ResetRefusedError(
      `Refusing to drop "${target.database}" for model "${model}": it is the shared database.`,
    )
  const state = await readDatabaseState(target)
  if (!state.exists) return { dropped: false }
  const expected: ExpectedIdentity = { kind: 'model', model, deployment, sharedDatabase: shared.database }
  try {
    checkDatabaseIdentity(target, state, expected)
  } catch (error) {
    if (!(error instanceof DatabaseIdentityError)) throw error
    throw new ResetRefusedError(`Refusing to drop "${target.database}" (${describeTarget(target)}).`, {
      details: [error.shortMessage, ...error.details],
      cause: error,
    })
  }
  if (target.kind === 'pglite') {
    await closeIdlePglite(target.dataDir)
    rmSync(target.dataDir, { recursive: true, force: true })
    return { dropped: true }
  }
  return withMaintenanceClient(target, async (client) => {
    await client.query(`drop database if exists ${quoteIdent(target.database)} with (force)`)
    return { dropped: true }
  })
}
