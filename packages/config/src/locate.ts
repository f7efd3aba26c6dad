import { type Document, isAlias, isMap, isNode, isScalar, isSeq, type LineCounter, type Node } from 'yaml'
import type { ConfigLocator, ConfigPath, ConfigPosition } from './issues'

/**
 * Creates the function that maps a path of the parsed data to a line and a
 * column of the YAML text, using the document's node ranges.
 *
 * A path that exists points at its value (or, with `at: 'key'`, at its key).
 * A path that does not exist (a missing key) points at the nearest ancestor
 * that does: at that ancestor's key when it has one, else at its first line.
 *
 * @example
 * ```ts
 * const lineCounter = new LineCounter()
 * const doc = parseDocument(text, { lineCounter })
 * const locate = createLocator(doc, lineCounter)
 * locate(['contracts', 3, 'pool', 'base_token']) // { line: 41, column: 19 }
 * ```
 */
export function createLocator(doc: Document, lineCounter: LineCounter): ConfigLocator {
  const position = (offset: number): ConfigPosition => {
    const { line, col } = lineCounter.linePos(offset)
    return { line, column: col }
  }
  const start = (node: Node | null | undefined): number | undefined =>
    node?.range === undefined || node.range === null ? undefined : node.range[0]

  return (path: ConfigPath, options = {}) => {
    let node: unknown = doc.contents
    let key: Node | undefined
    let found = 0
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(doc)
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isScalar(item.key) && String(item.key.value) === String(segment),
        )
        if (pair === undefined) break
        key = isNode(pair.key) ? pair.key : undefined
        node = pair.value
      } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
        key = undefined
        node = node.items[segment]
      } else break
      found++
    }

    const value = isNode(node) ? node : undefined
    const keyStart = start(key)
    if (found < path.length || options.at === 'key') {
      const offset = keyStart ?? start(value)
      return offset === undefined ? { line: 1, column: 1 } : position(offset)
    }
    // An empty value (`key:` with nothing after it) has an empty range: point at its key.
    const emptyValue = value?.range !== undefined && value.range !== null && value.range[0] === value.range[1]
    const offset = emptyValue ? (keyStart ?? start(value)) : (start(value) ?? keyStart)
    return offset === undefined ? { line: 1, column: 1 } : position(offset)
  }
}
