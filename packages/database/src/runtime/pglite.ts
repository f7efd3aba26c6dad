import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { PGlite } from '@electric-sql/pglite'
import { PgliteLockedError } from '../errors'
import { isProcessAlive } from './processAlive'

type Entry = { db: PGlite; refs: number; lockFile: string; ready: Promise<void> }
const open = new Map<string, Entry>()

/** A PGlite database opened by this process; `release()` closes it with its last user. */
export type PgliteHandle = { db: PGlite; release: () => Promise<void> }

export type OpenPgliteOptions = {
  /** How long to wait for another process to release the directory. Default 30 s. */
  waitMs?: number | undefined
}

/**
 * Opens the PGlite database in `dataDir`, sharing one instance per directory
 * within this process and guarding the directory with a lock file against
 * other processes (PGlite allows one process per data directory).
 *
 * @example
 * ```ts
 * const { db, release } = await openPglite('/srv/idx/.idx/idx_shared')
 * await db.query('select 1')
 * await release()
 * ```
 */
export async function openPglite(dataDir: string, options: OpenPgliteOptions = {}): Promise<PgliteHandle> {
  const key = path.resolve(dataDir)
  let entry = open.get(key)
  if (entry === undefined) {
    mkdirSync(path.dirname(key), { recursive: true })
    const lockFile = `${key}.lock`
    const created: Entry = { db: undefined as unknown as PGlite, refs: 0, lockFile, ready: Promise.resolve() }
    created.ready = (async () => {
      await acquireLock(lockFile, key, options.waitMs ?? 30_000)
      try {
        created.db = await PGlite.create(key)
      } catch (error) {
        rmSync(lockFile, { force: true })
        throw error
      }
    })()
    open.set(key, created)
    entry = created
  }
  entry.refs += 1
  try {
    await entry.ready
  } catch (error) {
    open.delete(key)
    throw error
  }
  const current = entry
  let released = false
  return {
    db: current.db,
    release: async () => {
      if (released) return
      released = true
      current.refs -= 1
      if (current.refs > 0 || sessions > 0) return // inside a session, idle instances stay open
      await closeEntry(key, current)
    },
  }
}

async function closeEntry(key: string, entry: Entry): Promise<void> {
  if (open.get(key) !== entry) return
  open.delete(key)
  await entry.db.close()
  rmSync(entry.lockFile, { force: true })
}

let sessions = 0

/**
 * Keeps PGlite databases open between uses until `fn` settles (opening a
 * PGlite directory costs about a second), then closes the idle ones. A command
 * line wraps each command in one session.
 *
 * @example
 * ```ts
 * await withPgliteSession(async () => {
 *   await applyMigrations({ target, migrationsDir }) // opens the directory once…
 *   await migrationStatus({ target, migrationsDir }) // …and reuses it
 * })
 * ```
 */
export async function withPgliteSession<T>(fn: () => Promise<T>): Promise<T> {
  sessions += 1
  try {
    return await fn()
  } finally {
    sessions -= 1
    if (sessions === 0)
      for (const [key, entry] of [...open]) if (entry.refs === 0) await closeEntry(key, entry)
  }
}

/** Closes the PGlite database in `dataDir` if it is open but unused (before its directory is removed). */
export async function closeIdlePglite(dataDir: string): Promise<void> {
  const key = path.resolve(dataDir)
  const entry = open.get(key)
  if (entry !== undefined && entry.refs === 0) await closeEntry(key, entry)
}

/**
 * Runs `fn` holding the lock file of the PGlite directory `dataDir` (the lock
 * {@link openPglite} takes), so that no process opens the directory meanwhile.
 * Returns `undefined` without running `fn` when this process has the
 * directory open already.
 */
export async function withPgliteDirectoryLock<T>(
  dataDir: string,
  fn: () => Promise<T>,
  options: OpenPgliteOptions = {},
): Promise<T | undefined> {
  const key = path.resolve(dataDir)
  if (open.has(key)) return undefined
  mkdirSync(path.dirname(key), { recursive: true })
  const lockFile = `${key}.lock`
  await acquireLock(lockFile, key, options.waitMs ?? 30_000)
  try {
    return await fn()
  } finally {
    rmSync(lockFile, { force: true })
  }
}

/**
 * Takes the lock file `lockFile` (it holds the owner's pid), waiting up to `waitMs` for its owner
 * to let go; a lock whose owner is no longer alive (a killed process) is taken over at once.
 *
 * Why not `proper-lockfile`: it decides that a lock is stale from the age of the lock's mtime,
 * which the owner refreshes on a timer. PGlite runs PostgreSQL in WebAssembly on the main thread,
 * so one long statement blocks that timer — a 2-million-row insert held the event loop for 15 s on
 * this project's 2-core machines, longer than proper-lockfile's 10 s default. A second process
 * would then take the lock of a live owner and open the same data directory: corruption. And a
 * killed owner's lock would only be taken over after the stale delay, where the pid check below
 * takes it at once. PGlite directories are local, so a pid on this machine is an exact answer.
 */
async function acquireLock(lockFile: string, dataDir: string, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs
  for (;;) {
    try {
      const fd = openSync(lockFile, 'wx')
      writeSync(fd, String(process.pid))
      closeSync(fd)
      return
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const holder = readHolder(lockFile)
    if (holder !== undefined && !isProcessAlive(holder)) {
      // The process that held the lock died without releasing it.
      rmSync(lockFile, { force: true })
      continue
    }
    if (Date.now() >= deadline) throw new PgliteLockedError(dataDir, `pid ${holder ?? 'unknown'}`)
    await sleep(100)
  }
}

function readHolder(lockFile: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockFile, 'utf8'), 10)
    return Number.isNaN(pid) ? undefined : pid
  } catch {
    return undefined
  }
}
