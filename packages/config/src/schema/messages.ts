import type { z } from 'zod'
import type { ConfigPath, ConfigProblem } from '../issues'

/**
 * How a value found in a file is shown in a message: strings quoted, numbers as
 * written, lists and mappings by their kind.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'an empty value'
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value)
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value)
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list'
  if (typeof value === 'object') return 'a mapping'
  return typeof value
}

type IssueInput = { readonly input?: unknown }

/**
 * An error function for a schema: every problem with the value (wrong type,
 * wrong format, out of range) reads `expected <what>, got <value>`, and a
 * missing key reads `missing; expected <what>`.
 */
export function expected(what: string, show: (input: unknown) => string = describeValue) {
  return (issue: IssueInput): string =>
    issue.input === undefined ? `missing; expected ${what}` : `expected ${what}, got ${show(issue.input)}`
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
}

const quote = (values: readonly unknown[]) => values.map((value) => JSON.stringify(value)).join(', ')

/** The closest of `candidates` to `word`, if it is close enough to be a likely misspelling. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase()
  // A shortened or lengthened key ("base" for "base_token") is a likely slip too.
  const affix = candidates.filter((candidate) => {
    const other = candidate.toLowerCase()
    return Math.min(lower.length, other.length) >= 3 && (other.startsWith(lower) || lower.startsWith(other))
  })
  if (affix.length === 1) return affix[0]
  let best: string | undefined
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase())
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return best
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution)
    }
    previous = current
  }
  return previous[b.length]!
}

/** The keys a strict object schema allows, read from the schema that reported an unknown key. */
function allowedKeys(schema: unknown): string[] {
  const def = (schema as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def
  return def?.shape === undefined ? [] : Object.keys(def.shape)
}

function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const suggestion = closest(key, allowed)
  if (suggestion !== undefined)
    return `unknown key ${JSON.stringify(key)}; did you mean ${JSON.stringify(suggestion)}?`
  if (allowed.length === 0) return `unknown key ${JSON.stringify(key)}`
  return `unknown key ${JSON.stringify(key)}; the keys allowed here are ${quote(allowed)}`
}

const pathKey = (path: ConfigPath) => JSON.stringify(path)

/**
 * Runs a zod schema and returns its problems written for people. zod's own
 * messages are replaced: each names the expected thing and quotes the value
 * found, and an unknown key becomes one problem per key, placed at the key.
 */
export function safeParseWithProblems<Schema extends z.ZodType>(
  schema: Schema,
  data: unknown,
): { success: true; data: z.output<Schema> } | { success: false; problems: ConfigProblem[] } {
  // Unknown keys are split into one problem per key after parsing; the schema that
  // saw them (and so the allowed keys) is only known here, while zod builds the issue.
  const allowedByPath = new Map<string, string[]>()
  const errorMap: z.core.$ZodErrorMap = (issue) => {
    if (issue.code === 'unrecognized_keys') {
      allowedByPath.set(pathKey((issue.path ?? []) as ConfigPath), allowedKeys(issue.inst))
      return 'unknown key'
    }
    return humanMessage(issue)
  }
  const result = schema.safeParse(data, { error: errorMap, reportInput: true })
  if (result.success) return { success: true, data: result.data }

  const problems: (ConfigProblem & { missing: boolean })[] = []
  // A misspelt key is reported once, as an unknown key with a suggestion, not
  // also as the missing key it was meant to be.
  const suggested = new Set<string>()
  for (const issue of result.error.issues) {
    const path = issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)))
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedByPath.get(pathKey(path)) ?? []
      for (const key of issue.keys) {
        const suggestion = closest(key, allowed)
        if (suggestion !== undefined) suggested.add(pathKey([...path, suggestion]))
        problems.push({
          path: [...path, key],
          message: unknownKeyMessage(key, allowed),
          at: 'key',
          missing: false,
        })
      }
    } else problems.push({ path, message: issue.message, missing: issue.input === undefined })
  }
  return {
    success: false,
    problems: problems
      .filter((problem) => !(problem.missing && suggested.has(pathKey(problem.path))))
      .map(({ missing: _, ...problem }) => problem),
  }
}

function humanMessage(issue: z.core.$ZodRawIssue): string {
  const got = (value: unknown) => (value === undefined ? '' : `, got ${describeValue(value)}`)
  switch (issue.code) {
    case 'invalid_type': {
      const name = TYPE_NAMES[issue.expected] ?? issue.expected
      return expected(name)(issue)
    }
    case 'invalid_value':
      return expected(
        issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${quote(issue.values)}`,
      )(issue)
    case 'invalid_union': {
      if (issue.discriminator !== undefined && 'options' in issue && Array.isArray(issue.options)) {
        const input = issue.input as Record<string, unknown> | undefined
        return expected(`one of ${quote(issue.options)}`)({ input: input?.[issue.discriminator] })
      }
      return `expected one of the allowed shapes${got(issue.input)}`
    }
    case 'too_small': {
      const minimum = Number(issue.minimum)
      if (issue.origin === 'string' && minimum === 1) return `expected a non-empty string${got(issue.input)}`
      if (issue.origin === 'array')
        return `expected at least ${minimum} ${minimum === 1 ? 'entry' : 'entries'}, got ${(issue.input as unknown[]).length}`
      return `expected a value of at least ${minimum}${got(issue.input)}`
    }
    case 'too_big': {
      const maximum = Number(issue.maximum)
      if (issue.origin === 'string') return `expected at most ${maximum} characters${got(issue.input)}`
      if (issue.origin === 'array')
        return `expected at most ${maximum} ${maximum === 1 ? 'entry' : 'entries'}, got ${(issue.input as unknown[]).length}`
      return `expected a value of at most ${maximum}${got(issue.input)}`
    }
    case 'invalid_format':
      return `expected a string matching ${issue.pattern ?? issue.format}${got(issue.input)}`
    case 'invalid_key':
      return `expected a string key${got(issue.input)}`
    default:
      return `invalid value${got(issue.input)}`
  }
}
