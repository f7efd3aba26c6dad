import { LineCounter, parseDocument, type Tags, visit } from 'yaml'
import type { z } from 'zod'
import {
  type ConfigIssue,
  type ConfigLocator,
  type ConfigProblem,
  ConfigValidationError,
  locateProblems,
} from './issues'
import { createLocator } from './locate'
import { describeValue, safeParseWithProblems } from './schema/messages'
import { CONFIG_VERSION } from './schema/primitives'
import { isRecord } from './schema/raw'

/** A configuration file that loaded: its parsed content, its name, and a way back to its lines. */
export type LoadedConfig<Config> = {
  config: Config
  /** The file, as it was named to the loader. */
  file: string
  /** Where a path of `config` is written in the file (for problems found later). */
  locate: ConfigLocator
}

/** What differs between the two kinds of file. */
export type ConfigKind<Schema extends z.ZodType, Config> = {
  /** "shared" or "model", as people call the file. */
  label: string
  schema: Schema
  /** The top-level key only this kind of file has (to spot the other kind). */
  ownKey: string
  /** The other kind's own key. */
  otherKey: string
  check: (raw: unknown) => ConfigProblem[]
  finish: (parsed: z.output<Schema>) => Config
}

/**
 * YAML 1.2's core schema reads `0x…` as a hexadecimal integer and `0o…` as an
 * octal one, which would turn an unquoted address into a float. idx files
 * hold addresses, never hex numbers, so those two tags are left out.
 */
const YAML_OPTIONS = {
  prettyErrors: false,
  uniqueKeys: true,
  customTags: (tags: Tags): Tags =>
    tags.filter((tag) => typeof tag === 'string' || (tag.format !== 'HEX' && tag.format !== 'OCT')),
} as const

/**
 * Parses and checks the text of one configuration file, collecting every
 * problem (YAML syntax, schema, cross-entry) before throwing one
 * {@link ConfigValidationError}.
 */
export function parseConfigText<Schema extends z.ZodType, Config>(
  kind: ConfigKind<Schema, Config>,
  text: string,
  file: string,
): LoadedConfig<Config> {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter })
  const locate = createLocator(doc, lineCounter)
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset)
    return { line, column: col }
  }

  const yamlIssues: ConfigIssue[] = doc.errors.map((error) => ({
    path: '',
    ...at(error.pos[0]),
    message: `invalid YAML: ${error.message}`,
  }))
  visit(doc, {
    Alias(_key, node) {
      if (node.resolve(doc) === undefined)
        yamlIssues.push({
          path: '',
          ...at(node.range?.[0] ?? 0),
          message: `invalid YAML: the alias *${node.source} names no anchor defined before it`,
        })
    },
  })

  const invalid = (problems: readonly ConfigProblem[]) =>
    new ConfigValidationError({ file, issues: [...yamlIssues, ...locateProblems(problems, locate)] })

  let data: unknown
  try {
    data = doc.toJS({ maxAliasCount: 100 })
  } catch (error) {
    // Only a broken alias (reported above) or an alias bomb gets here: nothing to check.
    if (yamlIssues.length === 0)
      yamlIssues.push({ path: '', line: 1, column: 1, message: `invalid YAML: ${(error as Error).message}` })
    throw invalid([])
  }

  const gate = checkKindAndVersion(kind, data, doc.contents !== null)
  if (gate !== undefined) throw invalid([gate])

  const parsed = safeParseWithProblems(kind.schema, data)
  const problems = [...(parsed.success ? [] : parsed.problems), ...kind.check(data)]
  if (!parsed.success || problems.length > 0 || yamlIssues.length > 0) throw invalid(problems)
  return { config: kind.finish(parsed.data), file, locate }
}

/**
 * Problems that make the rest of the file meaningless, reported alone: the
 * file is empty or not a mapping, it is the other kind of file, or it is
 * written in a configuration version this idx does not read.
 */
function checkKindAndVersion(
  kind: ConfigKind<z.ZodType, unknown>,
  data: unknown,
  hasContent: boolean,
): ConfigProblem | undefined {
  if (!isRecord(data))
    return {
      path: [],
      message: hasContent
        ? `expected a mapping of configuration keys (config_version, ${kind.ownKey}, …), got ${describeValue(data)}`
        : `the file is empty; expected a ${kind.label} configuration starting with config_version: "${CONFIG_VERSION}"`,
    }
  if (!(kind.ownKey in data) && kind.otherKey in data)
    return {
      path: [kind.otherKey],
      message: `this looks like a ${kind.label === 'shared' ? 'model' : 'shared'} configuration file (it has a "${kind.otherKey}" key); expected a ${kind.label} configuration file`,
      at: 'key',
    }
  const version = data.config_version
  const unsupported =
    (typeof version === 'string' && version !== CONFIG_VERSION) ||
    (typeof version === 'number' && version !== Number(CONFIG_VERSION))
  if (unsupported)
    return {
      path: ['config_version'],
      message: `unsupported configuration version ${describeValue(version)}; this idx reads config_version "${CONFIG_VERSION}"`,
    }
  return undefined
}
