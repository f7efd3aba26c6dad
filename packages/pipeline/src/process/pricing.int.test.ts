// Pricing through real parts: anvil with the testkit market (a Chainlink-style
// AVAX/USD aggregator, BLUB/WAVAX and WAVAX/USDC V2 pairs, router trades),
// processed by runRange into PostgreSQL and PGlite. Every expected value is
// computed here from the chain itself — Swap logs, latestRoundData at each
// block — with exact rational arithmetic, never from idx's own pricing code.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { listAvaxUsdPrices } from '@idx/shared-db'
import { marketConfigFiles, readLatestRoundData, swap } from '@idx/testkit'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { toStoredBlockJson } from '../_test/blocks'
import { type ChainEvents, readScenarioEvents } from '../_test/chainEvents'
import {
  createScenarioDatabases,
  DB_KINDS,
  RPC_ENV,
  type Scenario,
  type ScenarioDatabases,
  startScenario,
} from '../_test/scenario'
import { storedBlockPath } from '../block/storedBlockPath'
import { createStoredBlockSource } from '../source/createStoredBlockSource'
import { backfillAvaxUsd } from './backfillAvaxUsd'
import { createModelSource } from './createModelSource'
import { loadIndexerModel } from './loadIndexerModel'
import { runRange } from './runRange'
import { updatePricing } from './updatePricing'

// ---- exact arithmetic, independent of @idx/pricing ----
const SCALE = 30n
const TEN = (n: bigint) => 10n ** n
/** num / den rounded half-even to 30 fractional digits, as a scaled integer. */
function roundRatio(num: bigint, den: bigint): bigint {
  const negative = num < 0n !== den < 0n
  const n = (num < 0n ? -num : num) * TEN(SCALE)
  const d = den < 0n ? -den : den
  let q = n / d
  const r = n % d
  if (2n * r > d || (2n * r === d && q % 2n === 1n)) q += 1n
  return negative ? -q : q
}
/** A decimal string as an integer scaled by 10^30. */
function scaled(text: string): bigint {
  const negative = text.startsWith('-')
  const [whole = '0', fraction = ''] = text.replace('-', '').split('.')
  const value = BigInt(whole) * TEN(SCALE) + BigInt(fraction.padEnd(30, '0').slice(0, 30) || '0')
  return negative ? -value : value
}

type SwapRow = {
  swap_id: string
  denomination: 'USD' | 'AVAX'
  block_number: string
  method: string
  value: string | null
  price: string | null
  tier: string
  config_id: number | null
  contract_id: number | null
  stale: boolean | null
  avax_usd: string | null
  avax_usd_block: string | null
  error_code: string | null
  reason: string | null
}

let scenario: Scenario
let expected: ChainEvents
/** Blocks of the activity: F is its first. */
let F: bigint
/** AVAX/USD answer and updatedAt after each block, read from the chain. */
const rounds = new Map<bigint, { answer: bigint; updatedAt: bigint }>()
const times = new Map<bigint, bigint>()

const HEARTBEAT = 10
const PERIOD = 60
const TRAILING = 5

beforeAll(async () => {
  scenario = await startScenario({ blocks: 100, swapsPerBlock: 4, priceUpdateEvery: 10, seed: 11 })
  F = scenario.activity.fromBlock
  expected = await readScenarioEvents(scenario)
  for (let n = scenario.firstBlock; n <= scenario.lastBlock; n++) {
    times.set(n, (await scenario.client.getBlock({ blockNumber: n })).timestamp)
    // The deployment's first blocks come before the aggregator (and hold no swap).
    if (n < F) continue
    const round = await readLatestRoundData(scenario.client, {
      aggregator: scenario.market.aggregator,
      blockNumber: n,
    })
    rounds.set(n, { answer: round.answer, updatedAt: round.updatedAt })
    times.set(n, (await scenario.client.getBlock({ blockNumber: n })).timestamp)
  }
}, 240_000)

afterAll(async () => {
  await scenario?.stop()
})

/**
 * The files: BLUB/WAVAX priced by the model in three ranges — [start, F+30)
 * direct_avax (a pricing pool), [F+30, F+60) global, [F+60, …)
 * use_global_default (the pool's direct_avax default; a pricing pool) —;
 * WAVAX/USDC by its shared default only, which ends at F+45 (then global).
 */
function pricingConfig(model: string) {
  const files = marketConfigFiles(scenario.market, {
    model,
    rpcEnv: RPC_ENV,
    heartbeatSeconds: HEARTBEAT,
    canonicalPricing: {
      period_seconds: PERIOD,
      trailing_periods: TRAILING,
      min_volume_usd: '1',
      max_deviation: '0.5',
    },
  })
  const { blubWavax } = scenario.market.pairs
  const shared = files.shared.replace(
    'pricing: { method: direct_usd, start_block: 0 }',
    `pricing: { method: direct_usd, start_block: 0, end_block: ${F + 45n} }`,
  )
  expect(shared).not.toBe(files.shared)
  const modelFile = files.model.replace(
    /pool_pricing:\n( {2}- .*\n)+/,
    `pool_pricing:
  - { pool: "${blubWavax.address}", method: direct_avax, start_block: 0, end_block: ${F + 30n}, pricing_pool: true }
  - { pool: "${blubWavax.address}", method: global, start_block: ${F + 30n}, end_block: ${F + 60n} }
  - { pool: "${blubWavax.address}", method: use_global_default, start_block: ${F + 60n}, pricing_pool: true }
`,
  )
  expect(modelFile).toContain('method: global')
  return { shared, model: modelFile }
}

/** The model `name` of `dbs`, loaded with its RPC source (blocks and the feed's `latestRoundData`). */
async function loadWithRpc(dbs: Pick<ScenarioDatabases, 'shared'>, name: string) {
  const created = createModelSource({ sources: await dbs.shared.client.source.findMany(), env: scenario.env })
  const model = await loadIndexerModel({
    shared: dbs.shared,
    model: name,
    readFeedRound: created.readFeedRound,
  })
  return { model, source: created.source }
}

const isBlubPool = (swap: Record<string, unknown>) =>
  swap.pool === scenario.market.pairs.blubWavax.address.toLowerCase()

/** The USD value and price of a BLUB/WAVAX swap valued directly (scaled by 10^30), from the chain. */
function directAvax(swap: Record<string, unknown>) {
  const base = BigInt(swap.base_amount as string)
  const quote = BigInt(swap.quote_amount as string)
  const { answer } = rounds.get(BigInt(swap.block_number as string))!
  return {
    avax: { value: roundRatio(quote, TEN(18n)), price: roundRatio(quote, base) },
    usd: { value: roundRatio(quote * answer, TEN(26n)), price: roundRatio(quote * answer, TEN(8n) * base) },
  }
}

/** The same for a WAVAX/USDC swap (base WAVAX 18 decimals, quote USDC 6). */
function directUsd(swap: Record<string, unknown>) {
  const base = BigInt(swap.base_amount as string)
  const quote = BigInt(swap.quote_amount as string)
  const { answer } = rounds.get(BigInt(swap.block_number as string))!
  return {
    usd: { value: roundRatio(quote, TEN(6n)), price: roundRatio(quote * TEN(12n), base) },
    avax: {
      value: roundRatio(quote * TEN(8n), TEN(6n) * answer),
      price: roundRatio(quote * TEN(20n), answer * base),
    },
  }
}

describe.each(DB_KINDS)('pricing while processing (%s)', (kind) => {
  let dbs: Awaited<ReturnType<typeof createScenarioDatabases>>
  let rows: Map<string, SwapRow>
  let configIds: Map<string, number>
  let contractIds: Map<string, number>

  const rowOf = (swapId: unknown, denomination: 'USD' | 'AVAX') => rows.get(`${swapId}:${denomination}`)!
  const readRows = async () => {
    const list = await dbs.model.query<SwapRow>(
      `select s.id as swap_id, v.denomination::text, v.block_number::text, v.method::text, v.value::text,
         v.price::text, v.tier::text, v.config_id, v.contract_id, v.stale, v.avax_usd::text,
         v.avax_usd_block::text, v.error_code, v.reason
       from swap_valuation v join pool_swap s on s.block_number = v.block_number and s.log_index = v.log_index`,
    )
    return new Map(list.map((row) => [`${row.swap_id}:${row.denomination}`, row]))
  }

  beforeAll(async () => {
    dbs = await createScenarioDatabases(kind, pricingConfig('pricing'), 'pricing')
    const { model, source } = await loadWithRpc(dbs, 'pricing')
    const result = await runRange({
      model,
      db: dbs.model,
      source,
      from: scenario.firstBlock,
      to: scenario.lastBlock,
      batchSize: 25,
    })
    expect(result.failed).toBe(0)
    rows = await readRows()
    const configs = await dbs.shared.client.poolPricingConfig.findMany({
      select: { id: true, startBlock: true },
    })
    configIds = new Map(configs.map((c) => [String(c.startBlock), c.id]))
    const contracts = await dbs.shared.client.contract.findMany({ select: { id: true, address: true } })
    contractIds = new Map(contracts.map((c) => [c.address.toLowerCase(), c.id]))
  }, 240_000)

  afterAll(async () => {
    await dbs?.close()
  })

  test('default: every swap has one USD and one AVAX row, by the method and tier its block resolves to', () => {
    expect(expected.poolSwaps.length).toBeGreaterThan(300)
    expect(rows.size).toBe(2 * expected.poolSwaps.length)
    const blubPool = scenario.market.pairs.blubWavax.address.toLowerCase()
    const usdcPool = scenario.market.pairs.wavaxUsdc.address.toLowerCase()
    const seen = new Set<string>()
    for (const swap of expected.poolSwaps) {
      const block = BigInt(swap.block_number as string)
      let want: { method: string; tier: string; config_id: number | null; contract_id: number | null }
      if (isBlubPool(swap)) {
        if (block < F + 30n)
          want = {
            method: 'DIRECT_AVAX',
            tier: 'model_config',
            config_id: configIds.get('0')!,
            contract_id: null,
          }
        else if (block < F + 60n)
          want = {
            method: 'GLOBAL',
            tier: 'model_config',
            config_id: configIds.get(String(F + 30n))!,
            contract_id: null,
          }
        else
          want = {
            method: 'DIRECT_AVAX',
            tier: 'contract_default',
            config_id: configIds.get(String(F + 60n))!,
            contract_id: contractIds.get(blubPool)!,
          }
      } else if (block < F + 45n)
        want = {
          method: 'DIRECT_USD',
          tier: 'contract_default',
          config_id: null,
          contract_id: contractIds.get(usdcPool)!,
        }
      else want = { method: 'ERROR', tier: 'global', config_id: null, contract_id: null }
      seen.add(`${want.method}/${want.tier}`)
      for (const denomination of ['USD', 'AVAX'] as const)
        expect(rowOf(swap.id, denomination), `${swap.id} ${denomination}`).toMatchObject(want)
    }
    // Every tier and method of the layout actually occurred.
    expect([...seen].sort()).toEqual([
      'DIRECT_AVAX/contract_default',
      'DIRECT_AVAX/model_config',
      'DIRECT_USD/contract_default',
      'ERROR/global',
      'GLOBAL/model_config',
    ])
  })

  test('default: DIRECT_AVAX and DIRECT_USD values and prices are exact (30 digits, half-even)', () => {
    let checked = 0
    for (const swap of expected.poolSwaps) {
      const row = rowOf(swap.id, 'USD')
      if (row.method !== 'DIRECT_AVAX' && row.method !== 'DIRECT_USD') continue
      const want = row.method === 'DIRECT_AVAX' ? directAvax(swap) : directUsd(swap)
      for (const denomination of ['USD', 'AVAX'] as const) {
        const got = rowOf(swap.id, denomination)
        const exact = denomination === 'USD' ? want.usd : want.avax
        expect(scaled(got.value!), `${swap.id} ${denomination} value`).toBe(exact.value)
        expect(scaled(got.price!), `${swap.id} ${denomination} price`).toBe(exact.price)
      }
      checked++
    }
    expect(checked).toBeGreaterThan(150)
  })

  test('behavior: a config that ends mid-range switches methods at exactly its end block', () => {
    const blub = expected.poolSwaps
      .filter(isBlubPool)
      .sort((a, b) => Number(BigInt(a.block_number as string) - BigInt(b.block_number as string)))
    const before = blub.filter((s) => BigInt(s.block_number as string) < F + 30n).at(-1)!
    const after = blub.find((s) => BigInt(s.block_number as string) >= F + 30n)!
    expect(rowOf(before.id, 'USD').method).toBe('DIRECT_AVAX')
    expect(rowOf(after.id, 'USD').method).toBe('GLOBAL')
    // The config's end block itself is outside it ([start, end)).
    const atEnd = blub.filter((s) => BigInt(s.block_number as string) === F + 30n)
    for (const swap of atEnd) expect(rowOf(swap.id, 'AVAX').method).toBe('GLOBAL')
  })

  test('behavior: a stale AVAX/USD answer is flagged on the rows that used it', () => {
    let stale = 0
    let fresh = 0
    for (const swap of expected.poolSwaps) {
      const block = BigInt(swap.block_number as string)
      const row = rowOf(swap.id, 'USD')
      if (row.method !== 'DIRECT_AVAX' && row.method !== 'DIRECT_USD') continue
      const used = row.method === 'DIRECT_AVAX' ? row : rowOf(swap.id, 'AVAX')
      const want = times.get(block)! - rounds.get(block)!.updatedAt > BigInt(HEARTBEAT)
      expect(used.stale, `${swap.id} at block ${block}`).toBe(want)
      if (want) stale++
      else fresh++
    }
    expect(stale).toBeGreaterThan(0)
    expect(fresh).toBeGreaterThan(0)
  })

  test('behavior: only the row valued through AVAX/USD carries it (the answer at its block); no other row does', () => {
    let used = 0
    let unused = 0
    for (const swap of expected.poolSwaps) {
      const block = BigInt(swap.block_number as string)
      for (const denomination of ['USD', 'AVAX'] as const) {
        const row = rowOf(swap.id, denomination)
        const through =
          (row.method === 'DIRECT_AVAX' && denomination === 'USD') ||
          (row.method === 'DIRECT_USD' && denomination === 'AVAX')
        if (through) {
          expect(scaled(row.avax_usd!), `${swap.id} ${denomination}`).toBe(
            roundRatio(rounds.get(block)!.answer, TEN(8n)),
          )
          expect(row.avax_usd_block).toBe(`${block}`)
          used++
        } else {
          // The quote amount's own row, GLOBAL and ERROR rows used no AVAX/USD price.
          expect({ avaxUsd: row.avax_usd, block: row.avax_usd_block, stale: row.stale }).toEqual({
            avaxUsd: null,
            block: null,
            stale: null,
          })
          unused++
        }
      }
    }
    expect(used).toBeGreaterThan(100)
    expect(unused).toBeGreaterThan(used)
  })

  test('behavior: AVAX/USD is stored per priced block in the shared database, as the chain says', async () => {
    const stored = await listAvaxUsdPrices(dbs.shared, { chainId: 43114, from: F, to: scenario.lastBlock })
    const blocksWithSwaps = new Set(expected.poolSwaps.map((s) => BigInt(s.block_number as string)))
    expect(stored.length).toBe(blocksWithSwaps.size)
    for (const price of stored) {
      const round = rounds.get(price.blockNumber)!
      expect(price.answer).toBe(round.answer)
      expect(price.answeredAt).toBe(round.updatedAt)
      expect(scaled(price.price)).toBe(roundRatio(round.answer, TEN(8n)))
    }
  })

  test('behavior: GLOBAL swaps are valued at the volume-weighted price of the trailing window as of their block', () => {
    const direct = expected.poolSwaps.filter(
      (s) => isBlubPool(s) && rowOf(s.id, 'USD').method === 'DIRECT_AVAX',
    )
    let checked = 0
    for (const swap of expected.poolSwaps) {
      const row = rowOf(swap.id, 'USD')
      if (row.method !== 'GLOBAL') continue
      const block = BigInt(swap.block_number as string)
      const time = times.get(block)!
      const windowStart = time - (time % BigInt(PERIOD)) - BigInt((TRAILING - 1) * PERIOD)
      const window = direct.filter((s) => {
        const n = BigInt(s.block_number as string)
        return n <= block && times.get(n)! >= windowStart
      })
      expect(window.length, `window of ${swap.id}`).toBeGreaterThan(0)
      // Σ USD ÷ Σ base (all prices here are within the outlier bound of each other).
      let usd = 0n
      let base = 0n
      for (const s of window) {
        usd += BigInt(s.quote_amount as string) * rounds.get(BigInt(s.block_number as string))!.answer
        base += BigInt(s.base_amount as string)
      }
      const exact = roundRatio(usd, TEN(8n) * base)
      // The stored price sums values rounded to 30 digits: it may differ in the last few digits only.
      const diff = scaled(row.price!) - exact
      expect(diff < 0n ? -diff : diff, `${swap.id} price`).toBeLessThan(10_000n)
      const value = roundRatio(scaled(row.price!) * BigInt(swap.base_amount as string), TEN(18n) * TEN(SCALE))
      expect(scaled(row.value!), `${swap.id} value`).toBe(value)
      checked++
    }
    expect(checked).toBeGreaterThan(20)
  })

  test('behavior: a GLOBAL swap with no canonical price for its token is ERROR with the reason, never a value', () => {
    const errors = [...rows.values()].filter((row) => row.method === 'ERROR')
    expect(errors.length).toBeGreaterThan(0)
    for (const row of errors) {
      expect(row.value).toBeNull()
      expect(row.price).toBeNull()
      expect(row.error_code).toBe('no_canonical_price')
      expect(row.reason).toContain(scenario.market.tokens.wavax.toLowerCase())
    }
  })

  test('behavior: canonical prices per period are the volume-weighted price of the trailing window', async () => {
    const blub = scenario.market.tokens.blub.toLowerCase()
    const stored = await dbs.model.query<{ start: string; price_usd: string; swap_count: number }>(
      `select extract(epoch from period_start)::bigint::text as start, price_usd::text, swap_count
       from canonical_price where token = $1 order by period_start`,
      [blub],
    )
    const direct = expected.poolSwaps.filter(
      (s) => isBlubPool(s) && rowOf(s.id, 'USD').method === 'DIRECT_AVAX',
    )
    expect(stored.length).toBeGreaterThan(2)
    for (const period of stored) {
      const start = BigInt(period.start)
      const inPeriod = (s: Record<string, unknown>, from: bigint) => {
        const t = times.get(BigInt(s.block_number as string))!
        return t >= from && t < start + BigInt(PERIOD)
      }
      expect(period.swap_count).toBe(direct.filter((s) => inPeriod(s, start)).length)
      const window = direct.filter((s) => inPeriod(s, start - BigInt((TRAILING - 1) * PERIOD)))
      let usd = 0n
      let base = 0n
      for (const s of window) {
        usd += BigInt(s.quote_amount as string) * rounds.get(BigInt(s.block_number as string))!.answer
        base += BigInt(s.base_amount as string)
      }
      const diff = scaled(period.price_usd) - roundRatio(usd, TEN(8n) * base)
      expect(diff < 0n ? -diff : diff, `period ${period.start}`).toBeLessThan(10_000n)
    }
  })

  test('behavior: a trade is worth its legs in pools of its base token (a hop is not counted again), DIRECT only when each of those is', async () => {
    const trades = await dbs.model.query<{
      id: string
      route: string
      base_token: string
      denomination: 'USD' | 'AVAX'
      method: string
      value: string | null
    }>(
      `select t.id, t.route::text, t.base_token, v.denomination::text, v.method::text, v.value::text
       from trade t join trade_valuation v on v.block_number = t.block_number and v.log_index = t.log_index`,
    )
    expect(trades.length).toBe(2 * (await dbs.model.client.trade.count()))
    const swapOf = new Map(expected.poolSwaps.map((swap) => [swap.id as string, swap]))
    const kinds = new Set<string>()
    for (const trade of trades) {
      const route = trade.route.slice(1, -1).split(',')
      // The legs that count: the chain's swaps of the route in a pool of the trade's base token.
      const counted = route.filter((id) => {
        const swap = swapOf.get(id)!
        return swap.base_token === trade.base_token || swap.quote_token === trade.base_token
      })
      const swaps = counted.map((id) => rowOf(id, trade.denomination))
      kinds.add(`${trade.method}:${route.length}:${counted.length}`)
      if (swaps.some((s) => s.method === 'ERROR')) {
        expect(trade.method).toBe('ERROR')
        expect(trade.value).toBeNull()
        continue
      }
      expect(trade.method).toBe(swaps.every((s) => s.method.startsWith('DIRECT')) ? 'DIRECT' : 'GLOBAL')
      expect(scaled(trade.value!)).toBe(swaps.reduce((sum, s) => sum + scaled(s.value!), 0n))
    }
    // Two-hop trades (BLUB ↔ WAVAX ↔ USDC) count their BLUB leg only; one-swap trades their swap.
    expect(kinds.has('DIRECT:2:1')).toBe(true)
    expect(kinds.has('DIRECT:1:1')).toBe(true)
  })

  const dump = () =>
    dbs.model.query(
      `select (select string_agg(t::text, ';' order by block_number, log_index, denomination) from swap_valuation t) as s,
         (select string_agg(t::text, ';' order by block_number, log_index, denomination) from trade_valuation t) as t,
         (select string_agg((token, period_start, price_usd, price_avax, carried_forward, swap_count)::text, ';'
            order by token, period_start) from canonical_price) as c`,
    )

  test('behavior: pricing the stored blocks again in small chunks, each written while the next is priced, leaves the same rows', async () => {
    const before = await dump()
    const model = await loadIndexerModel({ shared: dbs.shared, model: 'pricing' })
    const reported: bigint[] = []
    const result = await updatePricing({
      model,
      db: dbs.model,
      from: scenario.firstBlock,
      to: scenario.lastBlock,
      chunkSize: 3, // canonical windows and GLOBAL swaps' as-of windows span many chunks
      onProgress: (progress) => reported.push(progress.lastBlock),
    })
    expect(result.swaps * 2).toBe(rows.size)
    expect([...rows.values()].some((row) => row.method === 'GLOBAL')).toBe(true)
    expect(reported.length).toBeGreaterThan(10)
    expect(reported).toEqual([...reported].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
    expect(reported.at(-1)).toBe(scenario.lastBlock)
    expect(await dump()).toEqual(before)
  })

  test('behavior: processing the blocks again leaves the same valuations and canonical prices', async () => {
    const before = await dump()
    await dbs.model.query(`update processed_block set status = 'failed'`)
    const { model, source } = await loadWithRpc(dbs, 'pricing')
    await runRange({
      model,
      db: dbs.model,
      source,
      from: scenario.firstBlock,
      to: scenario.lastBlock,
      batchSize: 7,
    })
    expect(await dump()).toEqual(before)
  })
})

describe('pricing without an AVAX/USD price (postgres)', () => {
  test('error: swaps needing AVAX/USD are ERROR with the reason and no price is stored; backfill then update values them', async () => {
    // A model that reads stored block files (no RPC) and does not track the feed.
    const dir = mkdtempSync(path.join(tmpdir(), 'idx-pricing-'))
    const files = marketConfigFiles(scenario.market, { model: 'nofeed', rpcEnv: RPC_ENV, storedBlocks: dir })
    const model = files.model
      .replace(/sources: \[.*\]/, 'sources: [stored]')
      .replace(/ {2}- "0x[0-9a-fA-F]+" # AVAX\/USD feed\n/, '')
    expect(model).not.toContain('# AVAX/USD feed')
    const dbs = await createScenarioDatabases('postgres', { shared: files.shared, model }, 'nofeed')
    try {
      // Write the chain's blocks as stored block files through the rpc source.
      const rpc = createModelSource({ sources: await dbs.shared.client.source.findMany(), env: scenario.env })
      const to = F + 20n
      const fetched = await rpc.source.getBlocks({
        from: scenario.firstBlock,
        to,
        addresses: scenario.addresses,
      })
      for (const block of fetched)
        writeFileSync(storedBlockPath(dir, block.number), JSON.stringify(toStoredBlockJson(block)))
      const indexer = await loadIndexerModel({ shared: dbs.shared, model: 'nofeed' })
      expect(indexer.pricing.readFeedRound).toBeUndefined()
      const result = await runRange({
        model: indexer,
        db: dbs.model,
        source: createStoredBlockSource({ dir }),
        from: scenario.firstBlock,
        to,
      })
      expect(result.failed).toBe(0)
      const rowsOf = () =>
        dbs.model.query<{
          denomination: string
          method: string
          error_code: string | null
          reason: string | null
        }>(
          `select denomination::text, method::text, error_code, reason from swap_valuation
            order by block_number, log_index, denomination`,
        )
      const rows = await rowsOf()
      const swaps = expected.poolSwaps.filter((s) => BigInt(s.block_number as string) <= to)
      expect(rows.length).toBe(2 * swaps.length)
      // The AVAX side of BLUB/WAVAX and the USD side of WAVAX/USDC need no AVAX/USD: valued.
      const missing = rows.filter((r) => r.method === 'ERROR')
      expect(missing.length).toBe(swaps.length)
      for (const row of missing) {
        expect(row.error_code).toBe('no_avax_usd_price')
        expect(row.reason).toMatch(
          /No AVAX\/USD price is stored for block \d+ and the model has no RPC source/,
        )
      }
      expect(await listAvaxUsdPrices(dbs.shared, { chainId: 43114, from: 0n, to })).toEqual([])

      // idx pricing avax, then idx pricing update.
      const setup = indexer.pricing.setup
      const backfill = await backfillAvaxUsd({
        shared: dbs.shared,
        setup,
        source: rpc.source,
        readFeedRound: rpc.readFeedRound,
        from: scenario.firstBlock,
        to,
        chunkSize: 8,
      })
      // The deployment's first blocks come before the aggregator: no answer, so no row — never a placeholder.
      expect(backfill.stored + backfill.missing).toBe(Number(to - scenario.firstBlock + 1n))
      expect(backfill.stored).toBeGreaterThanOrEqual(Number(to - F + 1n))
      for (const reason of backfill.reasons) expect(reason).toMatch(/had no answer yet at block \d+/)
      const stored = await listAvaxUsdPrices(dbs.shared, { chainId: 43114, from: 0n, to })
      expect(stored.length).toBe(backfill.stored)
      for (const price of stored.filter((p) => p.blockNumber >= F))
        expect(price.answer).toBe(rounds.get(price.blockNumber)!.answer)
      const updated = await updatePricing({ model: indexer, db: dbs.model, from: scenario.firstBlock, to })
      expect(updated.fixed).toBe(swaps.length)
      expect(updated.errors).toBe(0)
      const after = await rowsOf()
      expect(after.filter((r) => r.method === 'ERROR')).toEqual([])
      // Idempotent: a second update changes nothing.
      const again = await updatePricing({ model: indexer, db: dbs.model, from: scenario.firstBlock, to })
      expect(again.fixed).toBe(0)
      expect(await rowsOf()).toEqual(after)
      await rpc.source.close?.()
    } finally {
      await dbs.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})

describe('thin liquidity (postgres)', () => {
  test('behavior: a dust swap alone in its window does not set the canonical price: the last price is carried forward', async () => {
    const { client, market } = scenario
    const last = await client.getBlock({ blockNumber: scenario.lastBlock })
    // Far enough past the activity that the trailing window holds nothing else.
    await client.request({
      method: 'evm_setNextBlockTimestamp',
      params: [`0x${(last.timestamp + BigInt(PERIOD * (TRAILING + 5))).toString(16)}`],
    } as never)
    const dust = await swap(client, {
      pair: market.pairs.blubWavax,
      tokenIn: market.tokens.wavax,
      amountIn: 1_000n,
      from: market.traders[0]!,
    })
    expect(dust.amountOut).toBeGreaterThan(0n)
    const to = await client.getBlockNumber()
    const dbs = await createScenarioDatabases('postgres', pricingConfig('dust'), 'dust')
    try {
      const { model, source } = await loadWithRpc(dbs, 'dust')
      await runRange({ model, db: dbs.model, source, from: scenario.firstBlock, to })
      const [swapRow] = await dbs.model.query<{ id: string; method: string; value: string }>(
        `select s.id, v.method::text, v.value::text from pool_swap s join swap_valuation v on v.block_number = s.block_number
           and v.log_index = s.log_index
         where s.block_number = $1 and v.denomination = 'USD'`,
        [to.toString()],
      )
      // The dust swap itself is valued directly (a tiny value, not an error) …
      expect(swapRow?.method).toBe('DIRECT_AVAX')
      expect(scaled(swapRow!.value)).toBeGreaterThan(0n)
      const prices = await dbs.model.query<{
        start: string
        price_usd: string | null
        carried_forward: boolean
        reason: string | null
        swap_count: number
      }>(
        `select extract(epoch from period_start)::bigint::text as start, price_usd::text, carried_forward, reason, swap_count
         from canonical_price where token = $1 order by period_start`,
        [market.tokens.blub.toLowerCase()],
      )
      const dustPeriod = prices.at(-1)!
      const previous = prices.at(-2)!
      // … but its period, whose window holds nothing else, keeps the last price, and says why.
      expect(dustPeriod.swap_count).toBe(1)
      expect(dustPeriod.carried_forward).toBe(true)
      expect(dustPeriod.price_usd).toBe(previous.price_usd)
      expect(dustPeriod.reason).toMatch(/volume/i)
      await source.close?.()
    } finally {
      await dbs.close()
    }
  }, 120_000)
})
