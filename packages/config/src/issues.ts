import { BaseError } from './errors'

/** A path into a configuration file: mapping keys and list indices, outermost first. */
export type ConfigPath = readonly (string | number)[]

/** A 1-based position in a file. */
export type ConfigPosition = { line: number; column: number }

/** Finds where a path lives in a parsed file (the nearest existing ancestor when it is missing). */
export type ConfigLocator = (path: ConfigPath, options?: LocateOptions) => ConfigPosition

export type LocateOptions = {
  /** Point at the key of the last path element instead of its value (used for unknown keys). */
  at?: 'key' | 'value' | undefined
}

/** One problem found in a configuration file, before it is given a position. */
export type ConfigProblem = {
  path: ConfigPath
  /** A lowercase phrase for a person: what was expected and what was found. */
  message: string
  /** Point at the key instead of its value (defaults to the value). */
  at?: 'key' | 'value' | undefined
}

/** One problem found in a configuration file, with its place. */
export type ConfigIssue = {
  /** The YAML path, like `contracts[3].pool.pricing.start_block`; empty for the whole file. */
  path: string
  line: number
  column: number
  message: string
}

/**
 * A configuration file that has problems: every problem found in it, each with
 * its YAML path, line and column.
 *
 * @example
 * ```ts
 * try {
 *   await loadSharedConfig('prisma/shared_v1_0.yaml')
 * } catch (error) {
 *   if (error instanceof ConfigValidationError) console.error(error.message)
 *   // The file "prisma/shared_v1_0.yaml" has 2 problems.
 *   // prisma/shared_v1_0.yaml:14:7 contracts[3].pool.pricing.start_block: expected a non-negative integer, got "abc"
 *   // …
 * }
 * ```
 */
export class ConfigValidationError extends BaseError {
  override name = 'ConfigValidationError'
  /** The file, as it was named to the loader. */
  readonly file: string
  /** Every problem, in the order they appear in the file. */
  readonly issues: readonly ConfigIssue[]

  constructor({ file, issues }: { file: string; issues: readonly ConfigIssue[] }) {
    const sorted = [...issues].sort((a, b) => a.line - b.line || a.column - b.column)
    const count = sorted.length === 1 ? '1 problem' : `${sorted.length} problems`
    super(`The file "${file}" has ${count}.`, {
      details: sorted.map((issue) => formatConfigIssue(file, issue)),
    })
    this.file = file
    this.issues = sorted
  }
}

/**
 * Renders one issue as `file:line:column path: message`, the shape editors and
 * terminals turn into a link.
 *
 * @example
 * ```ts
 * formatConfigIssue('shared_v1_0.yaml', { path: 'chain.id', line: 3, column: 7, message: 'expected a positive integer, got "x"' })
 * // 'shared_v1_0.yaml:3:7 chain.id: expected a positive integer, got "x"'
 * ```
 */
export function formatConfigIssue(file: string, issue: ConfigIssue): string {
  const where = `${file}:${issue.line}:${issue.column}`
  return issue.path === '' ? `${where}: ${issue.message}` : `${where} ${issue.path}: ${issue.message}`
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * Writes a path the way a person reads it: `contracts[3].pool.base_token`.
 *
 * @example
 * ```ts
 * formatConfigPath(['contracts', 3, 'pool', 'base_token']) // 'contracts[3].pool.base_token'
 * ```
 */
export function formatConfigPath(path: ConfigPath): string {
  let out = ''
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`
    else out += `[${JSON.stringify(segment)}]`
  }
  return out
}

/** Gives problems their line and column in a file. */
export function locateProblems(problems: readonly ConfigProblem[], locate: ConfigLocator): ConfigIssue[] {
  return problems.map((problem) => ({
    path: formatConfigPath(problem.path),
    ...locate(problem.path, { at: problem.at }),
    message: problem.message,
  }))
}

/**
 * Builds a {@link ConfigValidationError} for a file that loaded, from problems
 * found later — for example by an importer that checks references against a
 * database. The problems get the same paths, lines and columns as the loader's.
 *
 * @example
 * ```ts
 * const shared = await loadSharedConfig('prisma/shared_v1_0.yaml')
 * const problems = shared.config.contracts.flatMap((contract, i) =>
 *   known.has(contract.address) ? [] : [{ path: ['contracts', i, 'address'], message: 'this contract is not in the database' }],
 * )
 * if (problems.length > 0) throw createConfigValidationError(shared, problems)
 * ```
 */
export function createConfigValidationError(
  loaded: { file: string; locate: ConfigLocator },
  problems: readonly ConfigProblem[],
): ConfigValidationError {
  return new ConfigValidationError({ file: loaded.file, issues: locateProblems(problems, loaded.locate) })
}
