import type { z } from 'zod'
import { type ConfigProblem, formatConfigPath } from '../issues'

/**
 * Helpers for the checks that span several entries of a file. They run on the
 * raw parsed YAML, next to the schema, so that a file with a schema error in
 * one entry still gets every cross-entry problem of the others reported. Each
 * check only looks at fields that are individually valid.
 */

export type RawRecord = Record<string, unknown>

export function isRecord(value: unknown): value is RawRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The mapping entries of the list under `key`, with their indices. */
export function listEntries(parent: unknown, key: string): [number, RawRecord][] {
  const list = isRecord(parent) ? parent[key] : undefined
  if (!Array.isArray(list)) return []
  return list.flatMap((entry, index): [number, RawRecord][] => (isRecord(entry) ? [[index, entry]] : []))
}

/** The items of the list under `key`, with their indices. */
export function listItems(parent: unknown, key: string): [number, unknown][] {
  const list = isRecord(parent) ? parent[key] : undefined
  return Array.isArray(list) ? list.map((item, index): [number, unknown] => [index, item]) : []
}

/** The value parsed by `schema`, or undefined when it is not valid (its problem is reported by the schema). */
export function valid<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
): z.output<Schema> | undefined {
  const result = schema.safeParse(value)
  return result.success ? result.data : undefined
}

/**
 * Reports every entry whose key repeats an earlier entry's, naming the earlier
 * entry. `normalise` decides what counts as the same (lowercase for addresses).
 */
export function duplicates(
  entries: readonly { path: (string | number)[]; value: string | undefined; raw: unknown }[],
  what: string,
): ConfigProblem[] {
  const seen = new Map<string, { path: (string | number)[]; raw: unknown }>()
  const problems: ConfigProblem[] = []
  for (const entry of entries) {
    if (entry.value === undefined) continue
    const earlier = seen.get(entry.value)
    if (earlier === undefined) {
      seen.set(entry.value, entry)
      continue
    }
    const caseOnly = earlier.raw !== entry.raw ? ' (addresses are compared without regard to case)' : ''
    problems.push({
      path: entry.path,
      message: `duplicate ${what} ${JSON.stringify(entry.raw)}: already listed at ${formatConfigPath(earlier.path)}${caseOnly}`,
    })
  }
  return problems
}

/** A `[start, end)` block range as people read it. */
export function formatRange(start: number, end: number | undefined): string {
  return `[${start}, ${end === undefined ? 'open' : end})`
}

/** True when two `[start, end)` ranges (end undefined = open) share a block. */
export function rangesOverlap(
  a: { start: number; end?: number },
  b: { start: number; end?: number },
): boolean {
  return a.start < (b.end ?? Number.POSITIVE_INFINITY) && b.start < (a.end ?? Number.POSITIVE_INFINITY)
}
