import { existsSync, rmSync } from 'node:fs'
import path from 'node:path'
import { type DatabaseTarget, describeTarget } from '@idx/config'
import { connectTarget } from './connection'
import { ResetRefusedError } from './errors'
import { closeIdlePglite } from './pglite'
import { quoteIdent, withMaintenanceClient } from './server'

/** True when the target database exists (a PostgreSQL database, or an initialised PGlite directory). */
export async function databaseExists(target: DatabaseTarget): Promise<boolean> {
  if (target.kind === 'pglite') return existsSync(path.join(target.dataDir, 'PG_VERSION'))
  return withMaintenanceClient(target, async (client) => {
    const result = await client.query('select 1 from pg_database where datname = $1', [target.database])
    return result.rowCount === 1
  })
}

/**
 * Creates the target database when it does not exist. Safe to call from
 * several processes at once: a database created meanwhile by another is fine.
 *
 * @returns whether this call created it.
 */
export async function createDatabase(target: DatabaseTarget): Promise<{ created: boolean }> {
  if (target.kind === 'pglite') {
    const existed = await databaseExists(target)
    // Opening a PGlite directory initialises it.
    const connection = await connectTarget(target)
    await connection.close()
    return { created: !existed }
  }
  return withMaintenanceClient(target, async (client) => {
    const found = await client.query('select 1 from pg_database where datname = $1', [target.database])
    if (found.rowCount === 1) return { created: false }
    try {
      await client.query(`create database ${quoteIdent(target.database)}`)
      return { created: true }
    } catch (error) {
      const code = (error as { code?: string }).code
      // 42P04: duplicate_database; 23505: the catalog's unique index, when two creates race.
      if (code === '42P04' || code === '23505') return { created: false }
      throw error
    }
  })
}

/** The marker every idx database carries (written by its first migration). */
export type DatabaseMarker = { kind: 'shared' | 'model'; model: string | null }

/** Reads the idx marker of a database, or `undefined` when it is not an idx database. */
export async function readDatabaseMarker(target: DatabaseTarget): Promise<DatabaseMarker | undefined> {
  if (!(await databaseExists(target))) return undefined
  const connection = await connectTarget(target)
  try {
    const table = await connection.query<{ present: boolean }>(
      `select to_regclass('public._idx_database') is not null as present`,
    )
    if (!table[0]?.present) return undefined
    const rows = await connection.query<{ kind: string; model: string | null }>(
      'select kind, model from "_idx_database" limit 1',
    )
    const row = rows[0]
    if (row === undefined || (row.kind !== 'shared' && row.kind !== 'model')) return undefined
    return { kind: row.kind, model: row.model }
  } finally {
    await connection.close()
  }
}

export type DropModelDatabaseParameters = {
  /** The model database to drop. */
  target: DatabaseTarget
  /** The shared database of the same deployment: it can never be dropped. */
  shared: DatabaseTarget
}

/**
 * Drops one model database, and only that. Refuses the shared database, any
 * database that is not marked as this model's idx database, and any target
 * whose role is not a model.
 */
export async function dropModelDatabase({
  target,
  shared,
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
  if (!(await databaseExists(target))) return { dropped: false }
  const marker = await readDatabaseMarker(target)
  if (marker === undefined)
    throw new ResetRefusedError(
      `Refusing to drop "${target.database}" (${describeTarget(target)}): it is not an idx model database.`,
      { details: ['idx only drops databases that its own model migrations created.'] },
    )
  if (marker.kind !== 'model' || (marker.model !== null && marker.model !== model))
    throw new ResetRefusedError(
      `Refusing to drop "${target.database}": it belongs to ${marker.kind === 'shared' ? 'the shared database' : `model "${marker.model}"`}, not to model "${model}".`,
    )
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
