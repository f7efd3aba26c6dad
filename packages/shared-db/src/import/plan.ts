// The plan of an import: what importing a file would do to the shared
// database, row by row. Computing it reads the database and writes nothing;
// applying it is a separate step (in the same transaction).

/** The kinds of row an import plans, in the order they are written. */
export type ImportKind =
  | 'chain'
  | 'token'
  | 'contract'
  | 'labelled_address'
  | 'source'
  | 'price_feed'
  | 'model'
  | 'model_source'
  | 'model_token'
  | 'model_contract'
  | 'pool_pricing_config'

/**
 * What happens to one row:
 * - `created`, `updated`, `unchanged`: the row of the file is new, differs, or is already there;
 * - `removed`: a model's junction row or pricing config that the model file no longer lists (deleted);
 * - `not_in_file`: a shared row the shared file no longer lists (kept: models may use it).
 */
export type ImportAction = 'created' | 'updated' | 'unchanged' | 'removed' | 'not_in_file'

/** A JSON value: plans print as they are (block numbers are decimal strings). */
export type PlanValue = string | number | boolean | null | PlanValue[] | { [key: string]: PlanValue }

/** One field of a row that an update changes. */
export type FieldChange = { field: string; from: PlanValue; to: PlanValue }

/** One row of the plan. */
export type PlanEntry = {
  kind: ImportKind
  /** What identifies the row: an address, a name, `pool@start_block`, a chain id. */
  key: string
  /** A name for people (a token's symbol, a contract's name), when the key is an address. */
  label?: string | undefined
  action: ImportAction
  /** For `updated`: each changed field, old and new value. Empty otherwise. */
  changes: FieldChange[]
}

/** How many rows of one kind each action touches. */
export type KindSummary = {
  kind: ImportKind
  created: number
  updated: number
  unchanged: number
  removed: number
  notInFile: number
}

/** The plan of importing one file, and whether it was applied. */
export type ImportPlan = {
  /** Which kind of file. */
  scope: 'shared' | 'model'
  /** The file, as it was named to the loader. */
  file: string
  /** The shared database the plan was computed against. */
  database: string
  /** The model a model file describes. */
  model?: string | undefined
  /** True when the plan was only computed (`--dry-run`): nothing was written. */
  dryRun: boolean
  /** True when the plan was written (in one transaction). */
  applied: boolean
  /** True when applying the plan writes anything (something is created, updated or removed). */
  changes: boolean
  /** Counts per kind, in write order. */
  summary: KindSummary[]
  /** Every row of the file (and every row the file no longer lists), in write order. */
  entries: PlanEntry[]
  /**
   * A model file: the model's configuration generation before and after the
   * import (`from` is null for a new model; `to` is `from` + 1 when anything
   * changes, `from` otherwise).
   */
  generation?: { from: number | null; to: number } | undefined
  /**
   * A shared file: the models whose configuration it changes (a contract,
   * token, source, chain or feed they use), each with its generation before
   * and after. A running process of such a model stops, or reloads, at its
   * next batch.
   */
  generations?: { model: string; from: number; to: number }[] | undefined
}

/** A row as the file wants it: comparable fields only. */
export type DesiredRecord = Record<string, PlanValue>

/** Sorted-key JSON, so that jsonb's key order never looks like a change. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value ?? null)
}

/** The fields whose values differ between the database's row and the file's. */
export function diffRecords(current: DesiredRecord, desired: DesiredRecord): FieldChange[] {
  const changes: FieldChange[] = []
  for (const [field, to] of Object.entries(desired)) {
    const from = current[field] ?? null
    if (stableJson(from) !== stableJson(to)) changes.push({ field, from, to })
  }
  return changes
}

/** The rows of one kind as the file wants them, keyed. */
export type Desired<Extra = undefined> = {
  key: string
  label?: string | undefined
  record: DesiredRecord
  /** What the writer needs beyond the compared fields (ids of referenced rows, …). */
  extra: Extra
}

/** A row of one kind as the database holds it. */
export type Current = { id: number; key: string; label?: string | undefined; record: DesiredRecord }

/** What one kind's writer must do. */
export type KindChanges<Extra = undefined> = {
  create: Desired<Extra>[]
  update: { id: number; row: Desired<Extra> }[]
  /** Rows the file no longer lists: removed (model junctions, configs) or only reported (shared rows). */
  absent: Current[]
  entries: PlanEntry[]
}

/**
 * Compares the rows a file wants with the rows the database holds, by key.
 * `absent` says what a row the file no longer lists becomes: `removed` (it is
 * deleted) or `not_in_file` (it is kept and reported).
 */
export function compareRows<Extra>(
  kind: ImportKind,
  desired: readonly Desired<Extra>[],
  current: readonly Current[],
  absent: 'removed' | 'not_in_file',
): KindChanges<Extra> {
  const byKey = new Map(current.map((row) => [row.key, row]))
  const changes: KindChanges<Extra> = { create: [], update: [], absent: [], entries: [] }
  const seen = new Set<string>()
  for (const row of desired) {
    seen.add(row.key)
    const existing = byKey.get(row.key)
    const label = row.label
    if (existing === undefined) {
      changes.create.push(row)
      changes.entries.push({ kind, key: row.key, label, action: 'created', changes: [] })
      continue
    }
    const fieldChanges = diffRecords(existing.record, row.record)
    if (fieldChanges.length === 0) {
      changes.entries.push({ kind, key: row.key, label, action: 'unchanged', changes: [] })
    } else {
      changes.update.push({ id: existing.id, row })
      changes.entries.push({ kind, key: row.key, label, action: 'updated', changes: fieldChanges })
    }
  }
  for (const row of current) {
    if (seen.has(row.key)) continue
    changes.absent.push(row)
    changes.entries.push({ kind, key: row.key, label: row.label, action: absent, changes: [] })
  }
  return changes
}

/** Counts the entries of each kind, in the given order. */
export function summarize(kinds: readonly ImportKind[], entries: readonly PlanEntry[]): KindSummary[] {
  const summary = new Map<ImportKind, KindSummary>(
    kinds.map((kind) => [kind, { kind, created: 0, updated: 0, unchanged: 0, removed: 0, notInFile: 0 }]),
  )
  for (const entry of entries) {
    const counts = summary.get(entry.kind)
    if (counts === undefined) continue
    if (entry.action === 'not_in_file') counts.notInFile += 1
    else counts[entry.action] += 1
  }
  return [...summary.values()]
}

/** True when applying the entries writes anything. */
export function hasChanges(entries: readonly PlanEntry[]): boolean {
  return entries.some(
    (entry) => entry.action === 'created' || entry.action === 'updated' || entry.action === 'removed',
  )
}

/** A block number for a plan: a decimal string (JSON has no 64-bit integers). */
export function blockValue(block: bigint | number | null | undefined): string | null {
  return block === null || block === undefined ? null : String(block)
}
