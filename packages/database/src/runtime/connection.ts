import { PGlite } from '@electric-sql/pglite'
import type { DatabaseTarget } from '@idx/config'
import { PrismaPg } from '@prisma/adapter-pg'
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { PrismaPGlite } from 'pglite-prisma-adapter'
import { toConnectionError } from '../errors'
import { openPglite } from './pglite'
import { pgConfig } from './server'

/** One SQL statement with positional parameters (`$1`, …), returning its rows. */
export type QueryFn = <Row = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<Row[]>

/**
 * Loads rows into `table`'s `columns` with `COPY … FROM`: `text` is COPY's
 * text format (one row per line, columns separated by tabs, `\N` for null,
 * backslash, tab, newline and carriage return escaped). Many times faster than
 * an `insert` for thousands of rows; inside a transaction, all or nothing.
 */
export type CopyFn = (table: string, columns: readonly string[], text: string) => Promise<void>

const copyStatement = (table: string, columns: readonly string[], source: string) =>
  `copy "${table}" (${columns.map((column) => `"${column}"`).join(', ')}) from ${source}`

/** A live connection to one idx database, whatever its kind. */
export type TargetConnection = {
  target: DatabaseTarget
  /** Runs one SQL statement with positional parameters (`$1`, …) and returns its rows. */
  query: QueryFn
  /**
   * Runs `fn` in one database transaction: committed when it resolves, rolled
   * back (nothing written) when it throws. `copy` bulk-loads rows in it.
   */
  transaction: <T>(fn: (query: QueryFn, copy: CopyFn) => Promise<T>) => Promise<T>
  /**
   * A driver-adapter factory for Prisma (client or schema engine). Shadow
   * databases, when the engine asks for one, are scratch in-memory PGlite
   * databases, so no second server database is ever created.
   */
  adapterFactory: SqlMigrationAwareDriverAdapterFactory
  close: () => Promise<void>
}

/**
 * Connects to a target (a PostgreSQL database or a PGlite directory).
 * Driver errors become {@link DatabaseConnectionError}s that name the server, never the password.
 *
 * @example
 * ```ts
 * const connection = await connectTarget(target)
 * const rows = await connection.query('select count(*) from "_prisma_migrations"')
 * await connection.close()
 * ```
 */
export async function connectTarget(target: DatabaseTarget): Promise<TargetConnection> {
  if (target.kind === 'pglite') {
    const handle = await openPglite(target.dataDir)
    const factory = pgliteAdapterFactory(handle.db)
    return {
      target,
      query: async <Row>(sql: string, params: unknown[] = []) =>
        (await handle.db.query<Row>(sql, params)).rows,
      transaction: (fn) =>
        handle.db.transaction((tx) =>
          fn(
            async <Row>(sql: string, params: unknown[] = []) => (await tx.query<Row>(sql, params)).rows,
            async (table, columns, text) => {
              // PGlite reads COPY's input from the blob attached to the query (its /dev/blob device).
              await tx.query(copyStatement(table, columns, "'/dev/blob'"), [], { blob: new Blob([text]) })
            },
          ),
        ),
      adapterFactory: factory,
      close: handle.release,
    }
  }
  const pool = new pg.Pool({ ...pgConfig(target), max: 4 })
  pool.on('error', () => {})
  try {
    const client = await pool.connect()
    client.release()
  } catch (error) {
    await pool.end().catch(() => {})
    throw toConnectionError(error, target)
  }
  const server = new PrismaPg(pool)
  const adapterFactory: SqlMigrationAwareDriverAdapterFactory = {
    provider: server.provider,
    adapterName: server.adapterName,
    // @prisma/adapter-pg 7.10.1 splits scripts on every ";" (inside comments, strings and
    // function bodies too); send the whole script in one simple-protocol query instead.
    connect: async () =>
      readCharAsCharacter(runScriptsWhole(await server.connect(), (script) => pool.query(script))),
    connectToShadowDb: () => pgliteAdapterFactory(undefined).connectToShadowDb(),
  }
  return {
    target,
    query: async <Row>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as Row[],
    transaction: async (fn) => {
      const client = await pool.connect()
      try {
        await client.query('begin')
        const result = await fn(
          async <Row>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as Row[],
          (table, columns, text) =>
            new Promise<void>((resolve, reject) => {
              const stream = client.query(copyFrom(copyStatement(table, columns, 'stdin')))
              stream.on('error', reject)
              stream.on('finish', resolve)
              stream.end(text)
            }),
        )
        await client.query('commit')
        return result
      } catch (error) {
        await client.query('rollback').catch(() => {})
        throw error
      } finally {
        client.release()
      }
    },
    adapterFactory,
    close: async () => {
      await pool.end().catch(() => {})
    },
  }
}

/** Wraps a factory the way the schema engine requires (errors captured across the WASM boundary). */
export function bindForEngine(factory: SqlMigrationAwareDriverAdapterFactory): object {
  return bindMigrationAwareSqlAdapterFactory(factory)
}

/**
 * A `pglite-prisma-adapter` factory whose adapters await their scripts.
 * (Its `executeScript` (0.7.2) starts `exec` without awaiting it, so a failing
 * migration script on PGlite was reported as applied and its error escaped as
 * an unhandled rejection.) Shadow databases are scratch in-memory PGlite.
 * Pass `undefined` for a factory that only serves shadow databases.
 */
export function pgliteAdapterFactory(db: PGlite | undefined): SqlMigrationAwareDriverAdapterFactory {
  const inner = new PrismaPGlite(db as PGlite)
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => {
      if (db === undefined) throw new Error('This PGlite adapter factory only serves shadow databases.')
      return runScriptsWhole(await inner.connect(), (script) => db.exec(script))
    },
    connectToShadowDb: async () => {
      const scratch = await PGlite.create()
      return runScriptsWhole(await new PrismaPGlite(scratch).connect(), (script) => scratch.exec(script))
    },
  }
}

/**
 * Makes an adapter run a migration script as one awaited unit, reporting its
 * errors the way the adapter reports query errors.
 */
function runScriptsWhole(
  adapter: SqlDriverAdapter,
  run: (script: string) => Promise<unknown>,
): SqlDriverAdapter {
  const onError = (adapter as unknown as { onError: (error: unknown) => never }).onError.bind(adapter)
  adapter.executeScript = async (script: string) => {
    try {
      await run(script)
    } catch (error) {
      onError(error)
    }
  }
  return adapter
}

/** PostgreSQL's one-byte internal `"char"` type (pg_class.relkind, pg_constraint.contype, …). */
const PG_CHAR_OID = 18
const PG_TEXT_OID = 25

type PgResult = { fields: { dataTypeID: number }[] }
type RawResult = { columnTypes: number[] }

/**
 * @prisma/adapter-pg 7.10.1 has no column type for `"char"`, so the schema
 * engine cannot describe a PostgreSQL schema through it ("Column type 'char'
 * could not be deserialized"). Read such columns as text, and report them to
 * the engine as the `Character` column type it expects.
 */
function readCharAsCharacter(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const io = adapter as unknown as { performIO: (query: unknown) => Promise<PgResult> }
  const performIO = io.performIO.bind(adapter)
  const queryRaw = adapter.queryRaw
  adapter.queryRaw = async (query) => {
    const charColumns: number[] = []
    // The adapter's queryRaw calls this.performIO: give this call its own, so
    // concurrent queries never see each other's column positions.
    const self = Object.create(adapter) as typeof io
    self.performIO = async (q) => {
      const result = await performIO(q)
      result.fields.forEach((field, index) => {
        if (field.dataTypeID !== PG_CHAR_OID) return
        field.dataTypeID = PG_TEXT_OID
        charColumns.push(index)
      })
      return result
    }
    const result = await queryRaw.call(self, query)
    for (const index of charColumns)
      (result as unknown as RawResult).columnTypes[index] = ColumnTypeEnum.Character
    return result
  }
  return adapter
}
