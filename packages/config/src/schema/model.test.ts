import { describe, expect, test } from 'vitest'
import { FEED, LB_POOL, LFJ_POOL, modelData, problemsOf, setIn, WAVAX, yamlText } from '../_test/fixtures'
import { parseModelConfig } from '../load'

const parse = (data: unknown) => parseModelConfig(yamlText(data), 'blub_test_v1_0.yaml')
const problems = (path: (string | number)[], value: unknown) =>
  problemsOf(() => parse(setIn(modelData(), path, value)))

/** The model data with `entries` as its pool pricing (and both pools tracked). */
const withPricing = (...entries: Record<string, unknown>[]) => {
  const data = modelData()
  data.contracts = [FEED, LFJ_POOL, LB_POOL]
  data.pool_pricing = entries
  return data
}

test('default', () => {
  const { config } = parse(modelData())
  expect(config).toEqual({
    config_version: '1.0',
    model: {
      name: 'blub_test',
      version: '1.0',
      database: 'idx_model_blub_test',
      start_block: 58219691,
      status: 'active',
    },
    sources: ['avalanche_rpc'],
    tokens: ['BLUB', WAVAX.toLowerCase()],
    contracts: [FEED.toLowerCase(), LFJ_POOL],
    pool_pricing: [{ pool: LFJ_POOL, method: 'direct_avax', start_block: 58220057, pricing_pool: true }],
    canonical_pricing: {
      period_seconds: 60,
      trailing_periods: 5,
      min_volume_usd: '100',
      max_deviation: '0.5',
    },
  })
})

describe('behavior: defaults and normalisation', () => {
  test('an explicit database, status and canonical pricing are kept', () => {
    const data = setIn(modelData(), ['model', 'database'], 'blub_prod')
    setIn(data, ['model', 'status'], 'paused')
    data.canonical_pricing = { period_seconds: 300, min_volume_usd: '2500.50' }
    const { config } = parse(data)
    expect(config.model.database).toBe('blub_prod')
    expect(config.model.status).toBe('paused')
    expect(config.canonical_pricing).toEqual({
      period_seconds: 300,
      trailing_periods: 5,
      min_volume_usd: '2500.50',
      max_deviation: '0.5',
    })
  })

  test('pricing_pool defaults to false; pool addresses are lowercase', () => {
    const data = withPricing({
      pool: LB_POOL.toUpperCase().replace('0X', '0x'),
      method: 'global',
      start_block: 1,
    })
    expect(parse(data).config.pool_pricing).toEqual([
      { pool: LB_POOL, method: 'global', start_block: 1, pricing_pool: false },
    ])
  })

  test('adjacent ranges of one pool do not overlap ([a, b) then [b, …))', () => {
    const data = withPricing(
      { pool: LFJ_POOL, method: 'global', start_block: 100, end_block: 200 },
      { pool: LFJ_POOL, method: 'direct_avax', start_block: 200 },
      { pool: LB_POOL, method: 'global', start_block: 150 },
    )
    expect(parse(data).config.pool_pricing).toHaveLength(3)
  })
})

describe('error: malformed entries', () => {
  const cases: [string, (string | number)[], unknown, string[]][] = [
    ['model missing', ['model'], undefined, ['model: missing; expected a mapping']],
    [
      'model name with capitals',
      ['model', 'name'],
      'BlubTest',
      [
        'model.name: expected a model name in lowercase snake_case (letters, digits and "_", starting with a letter), got "BlubTest"',
      ],
    ],
    [
      'model name too long for its default database name',
      ['model', 'name'],
      'a'.repeat(54),
      [`model.name: expected a model name of at most 53 characters, got "${'a'.repeat(54)}"`],
    ],
    [
      'model version as a number',
      ['model', 'version'],
      1,
      ['model.version: expected a version in quotes, like "1.0", got 1'],
    ],
    [
      'database name with a space',
      ['model', 'database'],
      'idx model',
      [
        'model.database: expected a database name (1 to 63 lowercase letters, digits and "_", starting with a letter or "_"), got "idx model"',
      ],
    ],
    [
      'database name with a quote',
      ['model', 'database'],
      'idx"; drop',
      [
        'model.database: expected a database name (1 to 63 lowercase letters, digits and "_", starting with a letter or "_"), got "idx\\"; drop"',
      ],
    ],
    [
      'database name reserved by PostgreSQL',
      ['model', 'database'],
      'postgres',
      [
        'model.database: "postgres" is reserved: it is PostgreSQL\'s maintenance database; idx needs a database of its own',
      ],
    ],
    [
      'database name of a template',
      ['model', 'database'],
      'template1',
      [
        'model.database: "template1" is reserved: it is one of the templates PostgreSQL copies every new database from; idx needs a database of its own',
      ],
    ],
    [
      'start block negative',
      ['model', 'start_block'],
      -1,
      ['model.start_block: expected a non-negative integer, got -1'],
    ],
    [
      'start block beyond the safe integers',
      ['model', 'start_block'],
      2 ** 60,
      [`model.start_block: expected a non-negative integer, got ${2 ** 60}`],
    ],
    [
      'status unknown',
      ['model', 'status'],
      'stopped',
      ['model.status: expected one of "active", "paused", "retired", got "stopped"'],
    ],
    ['no sources', ['sources'], [], ['sources: expected at least one source name, got an empty list']],
    [
      'token a malformed address',
      ['tokens', 1],
      '0x123',
      ['tokens[1]: expected an address (0x followed by 40 hexadecimal digits), got "0x123"'],
    ],
    [
      'contract given by symbol',
      ['contracts', 0],
      'BLUB',
      ['contracts[0]: expected an address (0x followed by 40 hexadecimal digits), got "BLUB"'],
    ],
    [
      'pricing method unknown',
      ['pool_pricing', 0, 'method'],
      'avax',
      [
        'pool_pricing[0].method: expected one of "direct_avax", "direct_usd", "global", "use_global_default", got "avax"',
      ],
    ],
    [
      'pricing_pool as text',
      ['pool_pricing', 0, 'pricing_pool'],
      'yes',
      ['pool_pricing[0].pricing_pool: expected true or false, got "yes"'],
    ],
    [
      'min volume as a bare number',
      ['canonical_pricing'],
      { min_volume_usd: 100 },
      [
        'canonical_pricing.min_volume_usd: expected a non-negative decimal number in quotes, like "100" or "0.5", got 100',
      ],
    ],
    [
      'max deviation above 1',
      ['canonical_pricing'],
      { max_deviation: '1.5' },
      [
        'canonical_pricing.max_deviation: expected a fraction greater than 0 and at most 1, in quotes, like "0.5", got "1.5"',
      ],
    ],
    [
      'pool_pricing as a mapping',
      ['pool_pricing'],
      { pool: LFJ_POOL },
      ['pool_pricing: expected a list of pool pricing entries, got a mapping'],
    ],
  ]

  test.each(cases)('%s', (_name, path, value, expected) => {
    expect(problems(path, value)).toEqual(expected)
  })

  test('a misspelt section', () => {
    const data = modelData()
    data.pool_prices = data.pool_pricing
    delete data.pool_pricing
    expect(problemsOf(() => parse(data))).toEqual([
      'pool_prices: unknown key "pool_prices"; did you mean "pool_pricing"?',
    ])
  })
})

describe('error: checks across entries', () => {
  test('a source, a token and a contract listed twice', () => {
    const data = modelData()
    data.sources = ['avalanche_rpc', 'avalanche_rpc']
    data.tokens = ['BLUB', WAVAX, WAVAX.toLowerCase(), 'BLUB']
    data.contracts = [FEED, LFJ_POOL, FEED.toLowerCase()]
    expect(problemsOf(() => parse(data))).toEqual([
      'sources[1]: duplicate source "avalanche_rpc": already listed at sources[0]',
      `tokens[2]: duplicate token "${WAVAX.toLowerCase()}": already listed at tokens[1] (addresses are compared without regard to case)`,
      'tokens[3]: duplicate token "BLUB": already listed at tokens[0]',
      `contracts[2]: duplicate contract "${FEED.toLowerCase()}": already listed at contracts[0] (addresses are compared without regard to case)`,
    ])
  })

  test.each([
    [200, 'end_block 200 must be greater than start_block 200: the range [200, 200) holds no block'],
    [150, 'end_block 150 must be greater than start_block 200: the range [200, 150) holds no block'],
  ])('an end block at or before the start block (%i)', (end, message) => {
    const data = withPricing({ pool: LFJ_POOL, method: 'global', start_block: 200, end_block: end })
    expect(problemsOf(() => parse(data))).toEqual([`pool_pricing[0].end_block: ${message}`])
  })

  test('overlapping ranges of one pool: an open range, then a later one', () => {
    const data = withPricing(
      { pool: LFJ_POOL, method: 'direct_avax', start_block: 100 },
      { pool: LB_POOL, method: 'global', start_block: 100 },
      {
        pool: LFJ_POOL.toUpperCase().replace('0X', '0x'),
        method: 'global',
        start_block: 500,
        end_block: 600,
      },
    )
    expect(problemsOf(() => parse(data))).toEqual([
      'pool_pricing[2]: the range [500, 600) overlaps the range [100, open) of pool_pricing[0] for the same pool; give each block of a pool one entry (close the earlier range with end_block)',
    ])
  })

  test('overlapping closed ranges of one pool, listed out of order', () => {
    const data = withPricing(
      { pool: LFJ_POOL, method: 'direct_avax', start_block: 300, end_block: 400 },
      { pool: LFJ_POOL, method: 'global', start_block: 100, end_block: 301 },
    )
    expect(problemsOf(() => parse(data))).toEqual([
      'pool_pricing[1]: the range [100, 301) overlaps the range [300, 400) of pool_pricing[0] for the same pool; give each block of a pool one entry (close the earlier range with end_block)',
    ])
  })

  test('a priced pool the model does not track', () => {
    const data = modelData()
    data.contracts = [FEED]
    expect(problemsOf(() => parse(data))).toEqual([
      `pool_pricing[0].pool: the pool "${LFJ_POOL}" is not in this model's contracts list; add it there to price it`,
    ])
  })

  test('a pricing pool priced with global', () => {
    expect(problems(['pool_pricing', 0, 'method'], 'global')).toEqual([
      'pool_pricing[0].pricing_pool: a pricing pool cannot use the method "global": its swaps set the canonical price that "global" reads',
    ])
  })
})
