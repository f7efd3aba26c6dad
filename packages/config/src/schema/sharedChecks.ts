import type { ConfigProblem } from '../issues'
import { closest, describeValue } from './messages'
import { address, blockNumber, name, symbol, tokenRef } from './primitives'
import { duplicates, formatRange, isRecord, listEntries, valid } from './raw'
import { TOKEN_TYPES, TRANSFORMER_TOKEN_KEYS } from './shared'

type KnownToken = {
  index: number
  address: string | undefined
  symbol: string | undefined
  type: string | undefined
}

/**
 * The checks of a shared file that span several entries: duplicate addresses,
 * symbols and source names; pool token references that resolve to no token;
 * a pool quoted in its own base token; a pool whose default method does not
 * fit its quote token; an empty pricing range; an LFJ Liquidity Book pair's
 * `transformer.token_x` / `token_y` that are not the file's tokens, not both
 * given, or not the pool's base and quote.
 */
export function checkSharedConfig(raw: unknown): ConfigProblem[] {
  // Each schema is built once: building one per entry dominated the time of large files.
  const schemas: Schemas = {
    address: address(),
    symbol: symbol(),
    name: name(),
    tokenRef: tokenRef(),
    blockNumber: blockNumber(),
  }
  const tokens: KnownToken[] = listEntries(raw, 'tokens').map(([index, token]) => ({
    index,
    address: valid(schemas.address, token.address),
    symbol: valid(schemas.symbol, token.symbol),
    type: TOKEN_TYPES.find((type) => type === token.type),
  }))

  // Every item of `tokens` is a mapping (or there is no list): references can be judged.
  const tokensList = isRecord(raw) ? raw.tokens : undefined
  const tokensComplete =
    tokensList === undefined || (Array.isArray(tokensList) && tokensList.every((token) => isRecord(token)))
  const known = knownTokens(tokens, tokensComplete)

  const addressEntries = (list: string) =>
    listEntries(raw, list).map(([index, entry]) => ({
      path: [list, index, 'address'],
      value: valid(schemas.address, entry.address),
      raw: entry.address,
    }))

  return [
    ...duplicates(addressEntries('tokens'), 'token address'),
    ...duplicates(
      tokens.map((token) => ({
        path: ['tokens', token.index, 'symbol'],
        value: token.symbol,
        raw: token.symbol,
      })),
      'token symbol',
    ),
    ...duplicates(addressEntries('contracts'), 'contract address'),
    ...duplicates(addressEntries('addresses'), 'address'),
    ...duplicates(
      listEntries(raw, 'sources').map(([index, source]) => ({
        path: ['sources', index, 'name'],
        value: valid(schemas.name, source.name),
        raw: source.name,
      })),
      'source name',
    ),
    ...listEntries(raw, 'contracts').flatMap(([index, contract]) =>
      checkPool(contract.pool, index, known, schemas),
    ),
    ...listEntries(raw, 'contracts').flatMap(([index, contract]) =>
      checkTransformerTokens(contract, index, known, schemas),
    ),
  ]
}

type Schemas = {
  address: ReturnType<typeof address>
  symbol: ReturnType<typeof symbol>
  name: ReturnType<typeof name>
  tokenRef: ReturnType<typeof tokenRef>
  blockNumber: ReturnType<typeof blockNumber>
}

/** The tokens indexed for pool references (the first entry wins, as in a list search). */
type KnownTokens = {
  all: readonly KnownToken[]
  byAddress: Map<string, KnownToken>
  bySymbol: Map<string, KnownToken>
  /**
   * Whether a reference by address (symbol) can be judged: while a token entry
   * has no valid address (symbol), the reference may be to it, and that
   * entry's own problem is reported instead.
   */
  completeByAddress: boolean
  completeBySymbol: boolean
}

function knownTokens(tokens: readonly KnownToken[], tokensComplete: boolean): KnownTokens {
  const byAddress = new Map<string, KnownToken>()
  const bySymbol = new Map<string, KnownToken>()
  for (const token of tokens) {
    if (token.address !== undefined && !byAddress.has(token.address)) byAddress.set(token.address, token)
    if (token.symbol !== undefined && !bySymbol.has(token.symbol)) bySymbol.set(token.symbol, token)
  }
  return {
    all: tokens,
    byAddress,
    bySymbol,
    completeByAddress: tokensComplete && tokens.every((t) => t.address !== undefined),
    completeBySymbol: tokensComplete && tokens.every((t) => t.symbol !== undefined),
  }
}

/**
 * The token a reference (an address or a symbol of the file's tokens) names;
 * a problem at `path` when it names none (and every token entry can be judged).
 */
function resolveTokenRef(
  value: unknown,
  path: (string | number)[],
  tokens: KnownTokens,
  schemas: Schemas,
  problems: ConfigProblem[],
): KnownToken | undefined {
  const ref = valid(schemas.tokenRef, value)
  if (ref === undefined) return undefined
  const byAddress = ref.startsWith('0x')
  const token = byAddress ? tokens.byAddress.get(ref) : tokens.bySymbol.get(ref)
  const complete = byAddress ? tokens.completeByAddress : tokens.completeBySymbol
  if (token === undefined && complete) {
    const symbols = tokens.all.flatMap((t) => (t.symbol === undefined ? [] : [t.symbol]))
    const suggestion = byAddress ? undefined : closest(ref, symbols)
    problems.push({
      path,
      message:
        `the token ${JSON.stringify(value)} is not in this file's tokens list` +
        (suggestion === undefined ? '' : `; did you mean ${JSON.stringify(suggestion)}?`),
    })
  }
  return token
}

function checkPool(pool: unknown, index: number, tokens: KnownTokens, schemas: Schemas): ConfigProblem[] {
  if (!isRecord(pool)) return []
  const at = ['contracts', index, 'pool']
  const problems: ConfigProblem[] = []

  const resolveRef = (key: 'base_token' | 'quote_token') =>
    resolveTokenRef(pool[key], [...at, key], tokens, schemas, problems)
  const base = resolveRef('base_token')
  const quote = resolveRef('quote_token')

  const sameToken = base !== undefined && base === quote
  if (sameToken)
    problems.push({
      path: [...at, 'quote_token'],
      message: `the quote token is the base token (tokens[${base.index}]); a pool prices one token in another`,
    })

  const pricing = pool.pricing
  if (!isRecord(pricing)) return problems
  const start = valid(schemas.blockNumber, pricing.start_block)
  const end = valid(schemas.blockNumber, pricing.end_block)
  if (start !== undefined && end !== undefined && end <= start)
    problems.push({
      path: [...at, 'pricing', 'end_block'],
      message: `end_block ${end} must be greater than start_block ${start}: the range ${formatRange(start, end)} holds no block`,
    })

  const needs = { direct_avax: 'wrapped_native', direct_usd: 'stable' } as const
  const method = pricing.method
  if ((method === 'direct_avax' || method === 'direct_usd') && quote?.type !== undefined && !sameToken) {
    const wanted = needs[method]
    if (quote.type !== wanted)
      problems.push({
        path: [...at, 'pricing', 'method'],
        message:
          `the method "${method}" needs a quote token of type "${wanted}", but the quote token ` +
          `${JSON.stringify(pool.quote_token)} (tokens[${quote.index}]) is of type "${quote.type}"`,
      })
  }
  return problems
}

/**
 * `transformer.token_x` / `token_y` (an LFJ Liquidity Book pair's tokens, for
 * when they cannot be read from the pair): references to the file's tokens,
 * like a pool's, both or neither, and — with a pool — its base and quote.
 */
function checkTransformerTokens(
  contract: Record<string, unknown>,
  index: number,
  tokens: KnownTokens,
  schemas: Schemas,
): ConfigProblem[] {
  const transformer = contract.transformer
  if (!isRecord(transformer)) return []
  const at = ['contracts', index, 'transformer']
  const given = TRANSFORMER_TOKEN_KEYS.filter((key) => transformer[key] !== undefined)
  if (given.length === 0) return []
  const problems: ConfigProblem[] = []
  const resolved: KnownToken[] = []
  for (const key of given) {
    const value = transformer[key]
    if (valid(schemas.tokenRef, value) === undefined) {
      problems.push({
        path: [...at, key],
        message: `expected a token address or a token symbol from this file's tokens list, got ${describeValue(value)}`,
      })
      continue
    }
    const token = resolveTokenRef(value, [...at, key], tokens, schemas, problems)
    if (token !== undefined) resolved.push(token)
  }
  if (given.length === 1) {
    const missing = TRANSFORMER_TOKEN_KEYS.find((key) => !given.includes(key))!
    problems.push({
      path: [...at, missing],
      message: `missing; token_x and token_y go together (give both, or neither and idx reads them from the pair)`,
    })
  }
  if (resolved.length !== 2) return problems
  const [x, y] = resolved as [KnownToken, KnownToken]
  if (x === y) {
    problems.push({
      path: [...at, 'token_y'],
      message: `token_y is token_x (tokens[${x.index}]); a pair holds two tokens`,
    })
    return problems
  }
  const pool = contract.pool
  if (!isRecord(pool)) return problems
  const ignored: ConfigProblem[] = [] // the pool's own references are reported by checkPool
  const base = resolveTokenRef(pool.base_token, [], tokens, schemas, ignored)
  const quote = resolveTokenRef(pool.quote_token, [], tokens, schemas, ignored)
  if (base === undefined || quote === undefined) return problems
  if (!((x === base && y === quote) || (x === quote && y === base)))
    problems.push({
      path: [...at, 'token_x'],
      message:
        `token_x ${describeValue(transformer.token_x)} and token_y ${describeValue(transformer.token_y)} ` +
        `must be the pool's base and quote tokens (${describeValue(pool.base_token)} and ${describeValue(pool.quote_token)}), in either order`,
    })
  return problems
}
