import { readFileSync } from 'node:fs'
import path from 'node:path'
import { type DatabaseTarget, describeTarget } from '@idx/config'
import { DatabaseIdentityError } from '../errors'
import { connectTarget, type QueryFn } from './connection'
import { databaseExists } from './databases'

/**
 * Whose a database is. A shared database identifies its deployment (a random
 * id chosen when it was created); a model database names its model and the
 * deployment — and that deployment's shared database — it belongs to.
 */
export type DatabaseIdentity =
  | { kind: 'shared'; deployment: string }
  | { kind: 'model'; model: string; deployment?: string | undefined; sharedDatabase?: string | undefined }

/**
 * The `_idx_database` row the first migration writes. `deployment` is null
 * in databases created before idx recorded deployments (and in databases
 * migrated by Prisma's own CLI); `model` is null in a model database whose
 * model was never recorded.
 */
export type DatabaseMarker = {
  kind: string
  model: string | null
  deployment: string | null
  sharedDatabase: string | null
}

/** What idx finds in a database before it writes to it. */
export type DatabaseState =
  | { exists: false }
  | {
      exists: true
      /** Present once the first migration has run. */
      marker: DatabaseMarker | undefined
      /** Written when idx created the database (PostgreSQL: its comment; PGlite: a file in its directory). */
      label: DatabaseIdentity | undefined
      /** Tables, views, sequences and types, Prisma's migration table left out. */
      objects: number
      /** Migrations Prisma recorded as finished. */
      finishedMigrations: number
    }

/** The file that labels a PGlite directory idx created (PostgreSQL ignores files it does not know). */
export const PGLITE_LABEL_FILE = 'idx-database.json'
/** How a PostgreSQL database idx created is labelled: its comment starts with this. */
export const COMMENT_PREFIX = 'idx:'

/** The label text of an identity (a database comment, or a label file's content). */
export function identityLabel(identity: DatabaseIdentity): string {
  return JSON.stringify(identity)
}

function parseLabel(text: string | null | undefined): DatabaseIdentity | undefined {
  if (text == null) return undefined
  try {
    const value = JSON.parse(text) as Partial<DatabaseIdentity> & Record<string, unknown>
    if (value.kind === 'shared' && typeof value.deployment === 'string')
      return { kind: 'shared', deployment: value.deployment }
    if (value.kind === 'model' && typeof value.model === 'string')
      return {
        kind: 'model',
        model: value.model,
        deployment: typeof value.deployment === 'string' ? value.deployment : undefined,
        sharedDatabase: typeof value.sharedDatabase === 'string' ? value.sharedDatabase : undefined,
      }
  } catch {}
  return undefined
}

/**
 * Reads what identifies a database: its marker, its creation label, and how
 * much is in it. One connection; nothing is written.
 *
 * @example
 * ```ts
 * const state = await readDatabaseState(target)
 * if (state.exists && state.marker) console.log(state.marker.kind, state.marker.deployment)
 * ```
 */
export async function readDatabaseState(target: DatabaseTarget): Promise<DatabaseState> {
  if (!(await databaseExists(target))) return { exists: false }
  const connection = await connectTarget(target)
  try {
    return await readStateWith(connection.query, target)
  } finally {
    await connection.close()
  }
}

/** {@link readDatabaseState} on a connection already open. */
export async function readStateWith(query: QueryFn, target: DatabaseTarget): Promise<DatabaseState> {
  const [row] = await query<{
    relations: number
    types: number
    has_marker: boolean
    has_migrations: boolean
    comment: string | null
  }>(
    `select
       (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname <> 'information_schema' and n.nspname not like 'pg\\_%'
           and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') and c.relname <> '_prisma_migrations')::int as relations,
       (select count(*) from pg_type t join pg_namespace n on n.oid = t.typnamespace
         where n.nspname <> 'information_schema' and n.nspname not like 'pg\\_%'
           and t.typtype in ('e', 'd', 'r', 'm'))::int as types,
       to_regclass('public._idx_database') is not null as has_marker,
       to_regclass('public._prisma_migrations') is not null as has_migrations,
       shobj_description((select oid from pg_database where datname = current_database()), 'pg_database') as comment`,
  )
  let marker: DatabaseMarker | undefined
  if (row?.has_marker) {
    // to_jsonb: the columns differ between idx versions (deployment came later).
    const [found] = await query<{ row: Record<string, unknown> }>(
      `select to_jsonb(d) as row from "_idx_database" d order by (d.kind = 'model') desc, d.kind limit 1`,
    )
    if (found !== undefined) {
      const r = typeof found.row === 'string' ? (JSON.parse(found.row) as Record<string, unknown>) : found.row
      const text = (key: string) => (typeof r[key] === 'string' ? (r[key] as string) : null)
      marker = {
        kind: text('kind') ?? '',
        model: text('model'),
        deployment: text('deployment'),
        sharedDatabase: text('shared_database'),
      }
    }
  }
  const finished = row?.has_migrations
    ? ((
        await query<{ n: number }>(
          `select count(*)::int as n from "_prisma_migrations" where finished_at is not null and rolled_back_at is null`,
        )
      )[0]?.n ?? 0)
    : 0
  let label: DatabaseIdentity | undefined
  if (target.kind === 'pglite') {
    try {
      label = parseLabel(readFileSync(path.join(target.dataDir, PGLITE_LABEL_FILE), 'utf8'))
    } catch {}
  } else if (row?.comment?.startsWith(COMMENT_PREFIX))
    label = parseLabel(row.comment.slice(COMMENT_PREFIX.length))
  return {
    exists: true,
    marker,
    label,
    objects: (row?.relations ?? 0) + (row?.types ?? 0),
    finishedMigrations: finished,
  }
}

/**
 * What a command expects a database to be. Without a deployment (a library
 * caller that did not name its shared database), only the kind and the model
 * are checked.
 */
export type ExpectedIdentity =
  | { kind: 'shared'; deployment?: string | undefined }
  | { kind: 'model'; model: string; deployment?: string | undefined; sharedDatabase?: string | undefined }

/**
 * What idx may do with a database, given what is in it:
 * - `create`: it does not exist;
 * - `fresh`: it exists and holds nothing yet (idx created it, or it is being
 *   adopted): the first migration writes its marker;
 * - `legacy`: its marker predates deployments (adoption writes the deployment);
 * - `ok`: its marker says it is what the command expects.
 */
export type IdentityVerdict =
  | { action: 'create' }
  | { action: 'fresh'; deployment: string | undefined }
  | { action: 'legacy'; marker: DatabaseMarker }
  | { action: 'ok'; marker: DatabaseMarker }

export type CheckIdentityOptions = {
  /**
   * The operator asked idx to adopt the database (`idx db adopt`): an empty
   * database idx did not create, or one whose marker predates deployments, is
   * accepted. A database with content and no idx marker never is.
   */
  adopt?: boolean | undefined
}

const short = (id: string | null | undefined) => (id == null ? 'unknown' : id.slice(0, 8))

/** What a marker or label says a database is, to follow "is" ("the database of model "m" of …"). */
function owner(found: {
  kind: string
  model: string | null
  deployment: string | null
  sharedDatabase?: string | null
}): string {
  if (found.kind === 'shared')
    return found.deployment === null
      ? 'the shared database of a deployment'
      : `the shared database of deployment ${short(found.deployment)}`
  const model = found.model === null ? 'an idx model database' : `the database of model "${found.model}"`
  if (found.deployment === null) return model
  return found.sharedDatabase
    ? `${model} of the deployment whose shared database is "${found.sharedDatabase}" (deployment ${short(found.deployment)})`
    : `${model} of deployment ${short(found.deployment)}`
}

/**
 * Decides whether a command that expects `expected` may write to `target`,
 * from its state; throws a {@link DatabaseIdentityError} that says what the
 * database is and why it is refused.
 *
 * @example
 * ```ts
 * const verdict = checkDatabaseIdentity(target, await readDatabaseState(target), {
 *   kind: 'model', model: 'blub_test', deployment, sharedDatabase: 'idx_shared',
 * })
 * ```
 */
export function checkDatabaseIdentity(
  target: DatabaseTarget,
  state: DatabaseState,
  expected: ExpectedIdentity,
  options: CheckIdentityOptions = {},
): IdentityVerdict {
  if (!state.exists) return { action: 'create' }
  const where = `The database "${target.database}" (${describeTarget(target)})`
  const wanted =
    expected.kind === 'shared' ? 'a shared database' : `the database of model "${expected.model}"`
  const fix =
    expected.kind === 'shared'
      ? "IDX_SHARED_DB (or --shared-db) must name this deployment's shared database."
      : `Give model "${expected.model}" a database of its own (model.database in its file) and import the file again.`
  const mismatch = (found: {
    kind: string
    model?: string | null | undefined
    deployment?: string | null | undefined
    sharedDatabase?: string | null | undefined
  }) => {
    const f = {
      kind: found.kind,
      model: found.model ?? null,
      deployment: found.deployment ?? null,
      sharedDatabase: found.sharedDatabase ?? null,
    }
    if (f.kind !== expected.kind && (f.kind === 'shared' || f.kind === 'model'))
      return new DatabaseIdentityError(`${where} is ${owner(f)}, not ${wanted}.`, { details: [fix] })
    if (f.kind !== 'shared' && f.kind !== 'model')
      return new DatabaseIdentityError(`${where} carries an idx marker of unknown kind "${f.kind}".`, {
        details: ['It was not written by this version of idx; idx does not write to it.'],
      })
    if (expected.kind === 'model' && f.model !== null && f.model !== expected.model)
      return new DatabaseIdentityError(`${where} is ${owner(f)}, not ${wanted}.`, { details: [fix] })
    if (expected.deployment !== undefined && f.deployment !== null && f.deployment !== expected.deployment)
      return new DatabaseIdentityError(
        `${where} is ${owner(f)}, not of this deployment${expected.kind === 'model' && expected.sharedDatabase !== undefined ? ` (shared database "${expected.sharedDatabase}", deployment ${short(expected.deployment)})` : ` (deployment ${short(expected.deployment)})`}.`,
        {
          details: [
            expected.kind === 'model'
              ? `Two deployments on one server need different database names: give model "${expected.model}" another model.database${f.sharedDatabase ? `, or point idx at that deployment (IDX_SHARED_DB=${f.sharedDatabase})` : ''}.`
              : fix,
          ],
        },
      )
    return undefined
  }

  const { marker, label } = state
  if (marker !== undefined) {
    const refused = mismatch(marker)
    if (refused !== undefined) throw refused
    if (marker.deployment === null || (marker.kind === 'model' && marker.model === null)) {
      // The shared database of an older idx gets its deployment id from a migration.
      if (marker.kind === 'shared') return { action: 'ok', marker }
      // A library caller that does not deal in deployments only needs the model to match.
      if (expected.deployment === undefined && marker.model !== null) return { action: 'ok', marker }
      if (options.adopt) return { action: 'legacy', marker }
      throw new DatabaseIdentityError(
        `${where} is ${marker.model === null ? 'an idx model database that names no model' : `the database of model "${marker.model}"`}, but records no deployment: it was created before idx recorded which deployment a database belongs to (or was migrated by Prisma's own CLI).`,
        {
          details: [
            `If it belongs to this deployment${expected.kind === 'model' && expected.sharedDatabase !== undefined ? ` (shared database "${expected.sharedDatabase}")` : ''}, adopt it: idx db adopt --model ${expected.kind === 'model' ? expected.model : 'NAME'}`,
            'idx does not adopt it on its own: another deployment on this server may be using it.',
          ],
        },
      )
    }
    return { action: 'ok', marker }
  }
  if (label !== undefined) {
    const refused = mismatch(label)
    if (refused !== undefined) throw refused
    return { action: 'fresh', deployment: label.deployment }
  }
  if (state.objects > 0 || state.finishedMigrations > 0)
    throw new DatabaseIdentityError(
      `${where} was not created by idx: it holds ${state.objects > 0 ? `${state.objects} table(s), type(s) or other object(s)` : `${state.finishedMigrations} migration(s) of another schema`} and no idx marker.`,
      {
        details: [
          `idx only writes to databases it created, and never adopts one with content. ${expected.kind === 'shared' ? 'Point IDX_SHARED_DB at another database.' : `Give model "${expected.model}" another database name (model.database).`}`,
        ],
      },
    )
  if (options.adopt) return { action: 'fresh', deployment: expected.deployment }
  const adopt =
    expected.kind === 'shared' ? 'idx db adopt --shared' : `idx db adopt --model ${expected.model}`
  throw new DatabaseIdentityError(
    `${where} exists, but idx did not create it: it is empty and carries no idx label.`,
    {
      details: [
        `If idx may use it, adopt it: ${adopt} (it is empty, so nothing in it is lost). Otherwise ${expected.kind === 'shared' ? 'point IDX_SHARED_DB at another name' : `give model "${expected.model}" another database name (model.database)`}: idx creates databases itself.`,
      ],
    },
  )
}

/**
 * The identity of a shared database: its kind must be `shared` and it must
 * carry a deployment id (`idx migrate --shared` gives one to a shared
 * database created by an older idx).
 */
export async function readSharedIdentity(
  target: DatabaseTarget,
): Promise<{ deployment: string; database: string }> {
  const state = await readDatabaseState(target)
  if (!state.exists)
    throw new DatabaseIdentityError(
      `The shared database "${target.database}" (${describeTarget(target)}) does not exist yet.`,
      { details: ['Create and migrate it first: idx migrate --shared.'] },
    )
  const verdict = checkDatabaseIdentity(target, state, { kind: 'shared' })
  const deployment = verdict.action === 'ok' ? verdict.marker.deployment : null
  if (deployment === null)
    throw new DatabaseIdentityError(
      `The shared database "${target.database}" (${describeTarget(target)}) has no deployment id yet.`,
      { details: ['Apply its pending migrations, which record one: idx migrate --shared.'] },
    )
  return { deployment, database: target.database }
}

/**
 * Refuses to go on unless `target` is a migrated idx database that is what
 * `expected` says (for commands that write rows: import, process, pricing).
 *
 * @example
 * ```ts
 * await assertDatabaseIdentity(modelTarget, { kind: 'model', model: 'blub_test', deployment, sharedDatabase })
 * ```
 */
export async function assertDatabaseIdentity(
  target: DatabaseTarget,
  expected: ExpectedIdentity,
): Promise<DatabaseMarker> {
  const state = await readDatabaseState(target)
  const verdict = checkDatabaseIdentity(target, state, expected)
  if (verdict.action === 'ok') return verdict.marker
  const migrate =
    expected.kind === 'shared' ? 'idx migrate --shared' : `idx migrate --model ${expected.model}`
  throw new DatabaseIdentityError(
    verdict.action === 'create'
      ? `The database "${target.database}" (${describeTarget(target)}) does not exist yet.`
      : `The database "${target.database}" (${describeTarget(target)}) is not migrated yet.`,
    { details: [`Create and migrate it first: ${migrate}.`] },
  )
}
