import { describe, expect, test } from 'vitest'
import {
  BLUB,
  FEED,
  LB_POOL,
  LFJ_POOL,
  problemsOf,
  ROUTER,
  setIn,
  sharedData,
  USDC,
  WAVAX,
  yamlText,
} from '../_test/fixtures'
import { parseSharedConfig } from '../load'

const parse = (data: unknown) => parseSharedConfig(yamlText(data), 'shared_v1_0.yaml')
/** {@link sharedData} with the BLUB/WAVAX LFJ Liquidity Book pair (contracts[2]) and these `transformer` settings. */
function withLbPair(transformer: Record<string, unknown>) {
  const data = sharedData()
  ;(data.contracts as unknown[]).push({
    address: LB_POOL,
    name: 'BLUB/WAVAX LFJ Liquidity Book',
    type: 'lfj_lb_pair',
    transformer,
    pool: { base_token: 'BLUB', quote_token: 'WAVAX' },
  })
  return data
}
const problems = (path: (string | number)[], value: unknown) =>
  problemsOf(() => parse(setIn(sharedData(), path, value)))

test('default', () => {
  const { config } = parse(sharedData())
  expect(config.chain).toEqual({ id: 43114, name: 'Avalanche C-Chain', native_symbol: 'AVAX' })
  expect(config.tokens.map((token) => token.symbol)).toEqual(['WAVAX', 'USDC', 'BLUB'])
  expect(config.sources[0]).toEqual({ name: 'avalanche_rpc', type: 'rpc', url_env: 'IDX_AVALANCHE_RPC_URL' })
})

describe('behavior: normalisation', () => {
  test('addresses are lowercase wherever they appear', () => {
    const data = setIn(
      sharedData(),
      ['contracts', 1, 'pool', 'quote_token'],
      WAVAX.toUpperCase().replace('0X', '0x'),
    )
    const { config } = parse(data)
    expect(config.tokens.map((token) => token.address)).toEqual([
      WAVAX.toLowerCase(),
      USDC.toLowerCase(),
      BLUB.toLowerCase(),
    ])
    expect(config.contracts.map((contract) => contract.address)).toEqual([FEED.toLowerCase(), LFJ_POOL])
    expect(config.addresses[0]?.address).toBe(ROUTER)
    expect(config.price_feeds.avax_usd.address).toBe(FEED.toLowerCase())
    expect(config.contracts[1]?.pool?.quote_token).toBe(WAVAX.toLowerCase())
  })

  test('pool token symbols resolve to the token addresses', () => {
    const pool = parse(sharedData()).config.contracts[1]?.pool
    expect(pool).toEqual({
      base_token: BLUB,
      quote_token: WAVAX.toLowerCase(),
      pricing: { method: 'direct_avax', start_block: 58220057 },
    })
  })

  test('an LB pair’s transformer.token_x / token_y resolve like pool tokens: symbols and addresses, lowercase', () => {
    const { config } = parse(
      withLbPair({ token_x: 'BLUB', token_y: WAVAX.toUpperCase().replace('0X', '0x'), bin_step: 25 }),
    )
    expect(config.contracts[2]?.transformer).toEqual({
      token_x: BLUB,
      token_y: WAVAX.toLowerCase(),
      bin_step: 25,
    })
    // Either order of base and quote: X and Y are the pair's own order.
    expect(parse(withLbPair({ token_x: 'WAVAX', token_y: 'BLUB' })).config.contracts[2]?.transformer).toEqual(
      {
        token_x: WAVAX.toLowerCase(),
        token_y: BLUB,
      },
    )
  })

  test('abi defaults to the contract type; an explicit abi is kept', () => {
    const data = setIn(sharedData(), ['contracts', 0, 'abi'], 'eac_aggregator_proxy')
    const { config } = parse(data)
    expect(config.contracts.map((contract) => contract.abi)).toEqual([
      'eac_aggregator_proxy',
      'uniswap_v2_pair',
    ])
    expect(parse(sharedData()).config.contracts[0]?.abi).toBe('chainlink_aggregator')
  })

  test('the feed decimals default to 8; the lists default to empty', () => {
    const data = sharedData()
    for (const key of ['tokens', 'contracts', 'addresses', 'sources']) delete data[key]
    const { config } = parse(data)
    expect(config.price_feeds.avax_usd).toEqual({
      address: FEED.toLowerCase(),
      decimals: 8,
      heartbeat_seconds: 86400,
    })
    expect([config.tokens, config.contracts, config.addresses, config.sources]).toEqual([[], [], [], []])
  })

  test('an unquoted address is read as text, not as a hexadecimal number', () => {
    const text = yamlText(sharedData()).replace(`"${FEED}"`, FEED).replace(`'${FEED}'`, FEED)
    expect(text).toContain(`address: ${FEED}\n`)
    expect(parseSharedConfig(text, 'shared_v1_0.yaml').config.contracts[0]?.address).toBe(FEED.toLowerCase())
  })

  test('transformer settings are kept as written', () => {
    const data = setIn(sharedData(), ['contracts', 1, 'transformer'], { fee_bps: 30, track_positions: true })
    expect(parse(data).config.contracts[1]?.transformer).toEqual({ fee_bps: 30, track_positions: true })
  })
})

describe('error: malformed entries', () => {
  const cases: [string, (string | number)[], unknown, string[]][] = [
    [
      'config_version written as a number',
      ['config_version'],
      1.0,
      ['config_version: expected the string "1.0" (in quotes, or YAML reads a number), got 1'],
    ],
    ['chain missing', ['chain'], undefined, ['chain: missing; expected a mapping']],
    ['chain id as text', ['chain', 'id'], '43114', ['chain.id: expected a positive integer, got "43114"']],
    ['chain name empty', ['chain', 'name'], '', ['chain.name: expected a non-empty string, got ""']],
    [
      'token address too short',
      ['tokens', 0, 'address'],
      '0x1234',
      ['tokens[0].address: expected an address (0x followed by 40 hexadecimal digits), got "0x1234"'],
    ],
    [
      'token decimals out of range',
      ['tokens', 1, 'decimals'],
      256,
      ['tokens[1].decimals: expected an integer from 0 to 255, got 256'],
    ],
    [
      'token decimals not an integer',
      ['tokens', 1, 'decimals'],
      6.5,
      ['tokens[1].decimals: expected an integer from 0 to 255, got 6.5'],
    ],
    [
      'token type misspelt',
      ['tokens', 2, 'type'],
      'stabel',
      ['tokens[2].type: expected one of "erc20", "wrapped_native", "stable", "lp_receipt", got "stabel"'],
    ],
    ['tokens not a list', ['tokens'], 'WAVAX', ['tokens: expected a list of tokens, got "WAVAX"']],
    [
      'contract type with spaces and capitals',
      ['contracts', 1, 'type'],
      'Uniswap V2',
      [
        'contracts[1].type: expected a contract type in lowercase snake_case (letters, digits and "_", starting with a letter), got "Uniswap V2"',
      ],
    ],
    [
      'pricing start block as text',
      ['contracts', 1, 'pool', 'pricing', 'start_block'],
      'abc',
      ['contracts[1].pool.pricing.start_block: expected a non-negative integer, got "abc"'],
    ],
    [
      'pricing end block negative',
      ['contracts', 1, 'pool', 'pricing', 'end_block'],
      -5,
      ['contracts[1].pool.pricing.end_block: expected a non-negative integer, got -5'],
    ],
    [
      'pricing method unknown',
      ['contracts', 1, 'pool', 'pricing', 'method'],
      'use_global_default',
      [
        'contracts[1].pool.pricing.method: expected one of "direct_avax", "direct_usd", "global", got "use_global_default"',
      ],
    ],
    [
      'pool base token missing',
      ['contracts', 1, 'pool', 'base_token'],
      undefined,
      [
        'contracts[1].pool.base_token: missing; expected a token address or a token symbol (1 to 32 characters, no spaces)',
      ],
    ],
    [
      'pool quote token a malformed address',
      ['contracts', 1, 'pool', 'quote_token'],
      '0xB31f66AA3C',
      [
        'contracts[1].pool.quote_token: expected an address (0x followed by 40 hexadecimal digits), got "0xB31f66AA3C"',
      ],
    ],
    [
      'transformer settings a list',
      ['contracts', 1, 'transformer'],
      ['fee'],
      ['contracts[1].transformer: expected a mapping, got a list'],
    ],
    [
      'labelled address kind unknown',
      ['addresses', 0, 'kind'],
      'dex',
      [
        'addresses[0].kind: expected one of "router", "aggregator", "factory", "treasury", "other", got "dex"',
      ],
    ],
    [
      'source type unknown',
      ['sources', 0, 'type'],
      'http',
      ['sources[0].type: expected one of "rpc", "stored_blocks", got "http"'],
    ],
    [
      'source type missing',
      ['sources', 0, 'type'],
      undefined,
      ['sources[0].type: missing; expected one of "rpc", "stored_blocks"'],
    ],
    [
      'stored blocks without a path or a bucket',
      ['sources', 1, 'path'],
      undefined,
      ['sources[1]: a stored_blocks source needs a folder (path) or a bucket (s3)'],
    ],
    [
      'stored blocks with a path and a bucket',
      ['sources', 1, 's3'],
      { bucket: 'blocks' },
      ['sources[1]: a stored_blocks source reads a folder (path) or a bucket (s3), not both'],
    ],
    [
      'stored blocks file pattern without the range',
      ['sources', 1, 'files'],
      'blocks_{from:012}.json.gz',
      [
        'sources[1].files: "blocks_{from:012}.json.gz" is not a valid file name pattern: the pattern needs {number} (a file per block), or {from} and {to} (a file per range of blocks)',
      ],
    ],
    [
      'stored blocks file pattern with an unknown placeholder',
      ['sources', 1, 'files'],
      'blocks_{start}-{to}.json',
      [
        'sources[1].files: "blocks_{start}-{to}.json" is not a valid file name pattern: "{start}" is not a placeholder; use {number}, or {from} and {to}',
      ],
    ],
    [
      'stored blocks file pattern with another extension',
      ['sources', 1, 'files'],
      '{from}-{to}.csv',
      [
        'sources[1].files: "{from}-{to}.csv" is not a valid file name pattern: the file names must end in ".json", ".jsonl" or ".ndjson", optionally followed by ".gz"',
      ],
    ],
    [
      'stored blocks prefetch zero',
      ['sources', 1, 'prefetch'],
      0,
      ['sources[1].prefetch: expected an integer from 1 to 64, got 0'],
    ],
    [
      'rpc batch size zero',
      ['sources', 0, 'batch_size'],
      0,
      ['sources[0].batch_size: expected a positive integer, got 0'],
    ],
    [
      'rpc url_env holding a URL (not echoed: it may carry a key)',
      ['sources', 0, 'url_env'],
      'https://rpc.example/ext/bc/C/rpc?apikey=SECRET123',
      [
        'sources[0].url_env: expected the name of an environment variable (capital letters, digits and "_"), got a URL (not shown: put the URL in an environment variable and name the variable here)',
      ],
    ],
    [
      'feed heartbeat missing',
      ['price_feeds', 'avax_usd', 'heartbeat_seconds'],
      undefined,
      ['price_feeds.avax_usd.heartbeat_seconds: missing; expected a positive integer'],
    ],
    ['price feeds missing', ['price_feeds'], undefined, ['price_feeds: missing; expected a mapping']],
  ]

  test.each(cases)('%s', (_name, path, value, expected) => {
    expect(problems(path, value)).toEqual(expected)
  })

  test('a misspelt key is one problem, with a suggestion (not also a missing key)', () => {
    const data = sharedData()
    const token = (data.tokens as Record<string, unknown>[])[0]!
    token.symbl = token.symbol
    delete token.symbol
    expect(problemsOf(() => parse(data))).toEqual([
      'tokens[0].symbl: unknown key "symbl"; did you mean "symbol"?',
    ])
  })

  test('an unknown top-level key', () => {
    const data = sharedData()
    data.contract = data.contracts
    delete data.contracts
    expect(problemsOf(() => parse(data))).toEqual([
      'contract: unknown key "contract"; did you mean "contracts"?',
    ])
  })

  test('an unknown key far from any allowed one lists the allowed keys', () => {
    expect(problems(['sources', 1, 'bucket'], 's3://blocks')).toEqual([
      'sources[1].bucket: unknown key "bucket"; the keys allowed here are "name", "type", "path", "s3", "files", "prefetch"',
    ])
  })

  test('a base token field under another name is caught (the old importer lost every base token this way)', () => {
    const data = sharedData()
    const pool = (data.contracts as Record<string, Record<string, unknown>>[])[1]!.pool!
    pool.base = pool.base_token
    delete pool.base_token
    expect(problemsOf(() => parse(data))).toEqual([
      'contracts[1].pool.base: unknown key "base"; did you mean "base_token"?',
    ])
  })
})

describe('error: checks across entries', () => {
  test('a token address listed twice, differing only in case', () => {
    const data = sharedData()
    ;(data.tokens as unknown[]).push({
      address: WAVAX.toLowerCase(),
      symbol: 'WAVAX2',
      name: 'Wrapped AVAX again',
      decimals: 18,
      type: 'wrapped_native',
    })
    expect(problemsOf(() => parse(data))).toEqual([
      `tokens[3].address: duplicate token address "${WAVAX.toLowerCase()}": already listed at tokens[0].address (addresses are compared without regard to case)`,
    ])
  })

  test('a token symbol used twice', () => {
    expect(problems(['tokens', 2, 'symbol'], 'USDC')).toEqual([
      'tokens[2].symbol: duplicate token symbol "USDC": already listed at tokens[1].symbol',
      'contracts[1].pool.base_token: the token "BLUB" is not in this file\'s tokens list',
    ])
  })

  test('a contract address listed twice', () => {
    const data = sharedData()
    ;(data.contracts as unknown[]).push({
      address: FEED.toUpperCase().replace('0X', '0x'),
      name: 'x',
      type: 'erc20',
    })
    expect(problemsOf(() => parse(data))).toEqual([
      `contracts[2].address: duplicate contract address "${FEED.toUpperCase().replace('0X', '0x')}": already listed at contracts[0].address (addresses are compared without regard to case)`,
    ])
  })

  test('a labelled address listed twice', () => {
    const data = sharedData()
    ;(data.addresses as unknown[]).push({ address: ROUTER, label: 'again', kind: 'other' })
    expect(problemsOf(() => parse(data))).toEqual([
      `addresses[1].address: duplicate address "${ROUTER}": already listed at addresses[0].address`,
    ])
  })

  test('a source name used twice', () => {
    expect(problems(['sources', 1, 'name'], 'avalanche_rpc')).toEqual([
      'sources[1].name: duplicate source name "avalanche_rpc": already listed at sources[0].name',
    ])
  })

  test('a pool token symbol that resolves to no token (with a suggestion)', () => {
    expect(problems(['contracts', 1, 'pool', 'base_token'], 'BLUBB')).toEqual([
      'contracts[1].pool.base_token: the token "BLUBB" is not in this file\'s tokens list; did you mean "BLUB"?',
    ])
  })

  test('a pool token address that resolves to no token', () => {
    const stranger = '0x1111111111111111111111111111111111111111'
    expect(problems(['contracts', 1, 'pool', 'base_token'], stranger)).toEqual([
      `contracts[1].pool.base_token: the token "${stranger}" is not in this file's tokens list`,
    ])
  })

  test('an LB pair’s transformer.token_x that names no token (with a suggestion), or is no token reference', () => {
    expect(problemsOf(() => parse(withLbPair({ token_x: 'BLUBB', token_y: 'WAVAX' })))).toEqual([
      'contracts[2].transformer.token_x: the token "BLUBB" is not in this file\'s tokens list; did you mean "BLUB"?',
    ])
    expect(problemsOf(() => parse(withLbPair({ token_x: 7, token_y: 'WAVAX' })))).toEqual([
      "contracts[2].transformer.token_x: expected a token address or a token symbol from this file's tokens list, got 7",
    ])
  })

  test('an LB pair’s transformer.token_x without token_y, or tokens that are not its pool’s', () => {
    expect(problemsOf(() => parse(withLbPair({ token_x: 'BLUB' })))).toEqual([
      'contracts[2].transformer.token_y: missing; token_x and token_y go together (give both, or neither and idx reads them from the pair)',
    ])
    expect(problemsOf(() => parse(withLbPair({ token_x: 'BLUB', token_y: 'USDC' })))).toEqual([
      'contracts[2].transformer.token_x: token_x "BLUB" and token_y "USDC" must be the pool\'s base and quote tokens ("BLUB" and "WAVAX"), in either order',
    ])
    expect(problemsOf(() => parse(withLbPair({ token_x: 'BLUB', token_y: BLUB })))).toEqual([
      'contracts[2].transformer.token_y: token_y is token_x (tokens[2]); a pair holds two tokens',
    ])
  })

  test('a pool whose quote token is its base token (one by symbol, one by address)', () => {
    expect(problems(['contracts', 1, 'pool', 'quote_token'], BLUB.toUpperCase().replace('0X', '0x'))).toEqual(
      [
        'contracts[1].pool.quote_token: the quote token is the base token (tokens[2]); a pool prices one token in another',
      ],
    )
  })

  test('direct_avax with a quote token that is not wrapped_native', () => {
    expect(problems(['contracts', 1, 'pool', 'quote_token'], 'USDC')).toEqual([
      'contracts[1].pool.pricing.method: the method "direct_avax" needs a quote token of type "wrapped_native", but the quote token "USDC" (tokens[1]) is of type "stable"',
    ])
  })

  test('direct_usd with a quote token that is not stable', () => {
    expect(problems(['contracts', 1, 'pool', 'pricing', 'method'], 'direct_usd')).toEqual([
      'contracts[1].pool.pricing.method: the method "direct_usd" needs a quote token of type "stable", but the quote token "WAVAX" (tokens[0]) is of type "wrapped_native"',
    ])
  })

  test('global pricing fits any quote token', () => {
    const data = setIn(sharedData(), ['contracts', 1, 'pool', 'pricing', 'method'], 'global')
    setIn(data, ['contracts', 1, 'pool', 'quote_token'], 'USDC')
    expect(parse(data).config.contracts[1]?.pool?.pricing?.method).toBe('global')
  })

  test.each([
    [
      58220057,
      'end_block 58220057 must be greater than start_block 58220057: the range [58220057, 58220057) holds no block',
    ],
    [
      100,
      'end_block 100 must be greater than start_block 58220057: the range [58220057, 100) holds no block',
    ],
  ])('an end block at or before the start block (%i)', (end, message) => {
    expect(problems(['contracts', 1, 'pool', 'pricing', 'end_block'], end)).toEqual([
      `contracts[1].pool.pricing.end_block: ${message}`,
    ])
  })

  test('cross-entry problems are reported alongside schema problems of other entries', () => {
    const data = setIn(sharedData(), ['contracts', 1, 'pool', 'base_token'], 'BLUBB')
    setIn(data, ['chain', 'id'], -1)
    expect(problemsOf(() => parse(data))).toEqual([
      'chain.id: expected a positive integer, got -1',
      'contracts[1].pool.base_token: the token "BLUBB" is not in this file\'s tokens list; did you mean "BLUB"?',
    ])
  })
})
