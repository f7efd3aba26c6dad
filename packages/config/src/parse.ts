import {
  type Alias,
  type Document,
  isAlias,
  isMap,
  isNode,
  isPair,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  type Tags,
  visit,
} from 'yaml'
import type { z } from 'zod'
import { ConfigFileEmptyError, ConfigFileTooLargeError } from './fileErrors'
import {
  type ConfigIssue,
  type ConfigLocator,
  type ConfigPath,
  type ConfigProblem,
  ConfigValidationError,
  formatConfigPath,
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

/** Limits on what idx reads from a configuration file. */
export type LoadConfigOptions = {
  /**
   * The largest file idx reads, in bytes (default 8 MiB; the CLI takes
   * `IDX_CONFIG_MAX_BYTES`). A larger file is refused before it is read.
   */
  maxBytes?: number | undefined
}

/** 8 MiB: about three times a shared file with 5,000 tokens and 5,000 pools. */
export const DEFAULT_CONFIG_MAX_BYTES = 8 * 1024 * 1024

/**
 * How many nodes aliases (`*name`) may add to a file when they are expanded.
 * Anchors that repeat a few settings stay far below it; a "billion laughs"
 * file, whose aliases nest to expand into billions of nodes, is refused
 * before anything is expanded.
 */
export const MAX_ALIAS_EXPANSION = 10_000

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
  options: LoadConfigOptions = {},
): LoadedConfig<Config> {
  assertTextSize(text, file, options.maxBytes ?? DEFAULT_CONFIG_MAX_BYTES)
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter })
  if (doc.contents === null && doc.errors.length === 0) throw new ConfigFileEmptyError(file)
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
  const aliases = resolveAliases(doc)
  for (const [alias, target] of aliases)
    if (target === undefined)
      yamlIssues.push({
        path: '',
        ...at(alias.range?.[0] ?? 0),
        message: `invalid YAML: the alias *${alias.source} names no anchor defined before it`,
      })

  const invalid = (problems: readonly ConfigProblem[]) =>
    new ConfigValidationError({ file, issues: [...yamlIssues, ...locateProblems(problems, locate)] })

  const bomb = yamlIssues.length === 0 ? findAliasBomb(doc, aliases) : undefined
  if (bomb !== undefined) {
    yamlIssues.push({
      path: formatConfigPath(bomb.path),
      ...at(bomb.offset),
      message: bomb.message,
    })
    throw invalid([])
  }

  let data: unknown
  try {
    // Expansion was measured above; the library's own coarser guard is the backstop.
    data = doc.toJS({ maxAliasCount: yamlIssues.length === 0 ? -1 : 100 })
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

/** Refuses a text larger than `maxBytes` (counting UTF-8 bytes) before parsing it. */
export function assertTextSize(text: string, file: string, maxBytes: number): void {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: count exactly only when the limit may be near.
  if (text.length * 3 <= maxBytes) return
  const size = Buffer.byteLength(text, 'utf8')
  if (size > maxBytes) throw new ConfigFileTooLargeError(file, size, maxBytes)
}

/**
 * Measures how far the document's aliases expand, without expanding them: the
 * size of each anchored node is computed once, and every alias adds the size
 * of its node. Returns the alias at which the expansion passes
 * {@link MAX_ALIAS_EXPANSION}, or an alias that refers to a node containing it.
 */
function findAliasBomb(
  doc: Document,
  aliases: ReadonlyMap<Alias, unknown>,
): { path: ConfigPath; offset: number; message: string } | undefined {
  const sizes = new Map<unknown, number>()
  const inProgress = new Set<unknown>()
  let added = 0
  type Found = { path: ConfigPath; offset: number; message: string }
  const size = (node: unknown, path: ConfigPath): number | Found => {
    if (isAlias(node)) {
      const target = aliases.get(node)
      const offset = node.range?.[0] ?? 0
      if (target === undefined) return 1 // reported elsewhere
      if (inProgress.has(target))
        return {
          path,
          offset,
          message: `invalid YAML: the alias *${node.source} refers to a node that contains it, so it never ends`,
        }
      const expanded = size(target, path)
      if (typeof expanded !== 'number') return expanded
      added += expanded
      if (added > MAX_ALIAS_EXPANSION)
        return {
          path,
          offset,
          message: `invalid YAML: the aliases of this file expand to more than ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} nodes (here *${node.source} adds ${expanded.toLocaleString('en-US')}); idx refuses files whose aliases nest to expand exponentially ("billion laughs")`,
        }
      return expanded
    }
    const known = sizes.get(node)
    if (known !== undefined) return known
    let total = 1
    if (isMap(node) || isSeq(node)) {
      inProgress.add(node)
      for (const [index, item] of (node.items as unknown[]).entries()) {
        const parts: [unknown, ConfigPath][] = isPair(item)
          ? [
              [item.key, path],
              [item.value, [...path, keyOf(item.key) ?? index]],
            ]
          : [[item, [...path, index]]]
        for (const [part, at] of parts) {
          if (part === null || part === undefined) continue
          const n = size(part, at)
          if (typeof n !== 'number') return n
          total += n
        }
      }
      inProgress.delete(node)
    }
    sizes.set(node, total)
    return total
  }
  const result = size(doc.contents, [])
  return typeof result === 'number' ? undefined : result
}

/**
 * Each alias with the node it names: the latest anchor of that name defined
 * before it, in one pass (the library's own lookup scans the document for
 * every alias).
 */
function resolveAliases(doc: Document): Map<Alias, unknown> {
  const anchors = new Map<string, unknown>()
  const aliases = new Map<Alias, unknown>()
  visit(doc, (_key, node) => {
    if (isAlias(node)) aliases.set(node, anchors.get(node.source))
    else if (isNode(node) && node.anchor !== undefined) anchors.set(node.anchor, node)
  })
  return aliases
}

function keyOf(key: unknown): string | undefined {
  const value = (key as (Node & { value?: unknown }) | null)?.value
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined
}
