// Every path to a price gives the same price. Two anvil chains whose block
// numbers cross digit boundaries (1–130: 9 → 10 and 99 → 100; 976–1,010:
// 999 → 1,000), with blocks seconds and minutes apart, a model whose BLUB
// pool switches method twice (direct, GLOBAL from BLUB's canonical price, then
// direct again) and whose WAVAX pricing pool turns GLOBAL mid-range. Each path
// starts from an empty model database and an empty AVAX/USD table:
//
//   one worker · --workers 3 · three `idx process range` processes on one range
//   (then `idx pricing update`) · block by block · `idx pricing update` over
//   everything already priced · a reorg and its re-processing
//
// and must leave the same swap_valuation, trade_valuation and canonical_price
// rows. The one-worker rows are checked against the chain itself (Swap logs,
// block times, latestRoundData), and `idx pricing explain` against the rows.

import { modelDatabaseTarget, readSettings } from '@idx/config'
import { createModelDb, getProcessedHeader, type ModelDb, markBlocksFailed } from '@idx/model-db'
import { loadIndexerModel, updatePricing } from '@idx/pipeline'
import {
  type ChainEvents,
  emptyModelDb,
  readPricingRows,
  readScenarioEvents,
  type Scenario,
  type StartScenarioParameters,
  scenarioConfig,
  startScenario,
  writeConfigFiles,
} from '@idx/pipeline/testing'
import { createSharedDb, type SharedDb } from '@idx/shared-db'
import { generateActivity, readLatestRoundData, rollback, testDatabase, testServerUrl } from '@idx/testkit'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runCli } from '../_test/cli'
import { startCli } from '../_test/startCli'

const SERVER = testServerUrl()
const PERIOD = 60
const TRAILING = 5

/** Where the model's pricing switches: BLUB/WAVAX is GLOBAL in [blubGlobal, blubDirect); WAVAX/USDC from wavaxGlobal. */
type Layout = { blubGlobal: bigint; blubDirect: bigint; wavaxGlobal: bigint }

type Chain = {
  scenario: Scenario
  layout: Layout
  model: string
  env: Record<string, string>
  db: ModelDb
  shared: SharedDb
  from: string
  to: string
  cleanups: (() => Promise<void> | void)[]
}

type PricingRows = Awaited<ReturnType<typeof readPricingRows>>

/**
 * The files: BLUB/WAVAX direct_avax and BLUB's pricing pool until `blubGlobal`,
 * GLOBAL until `blubDirect`, then the pool's shared default (direct_avax) and
 * a pricing pool again; WAVAX/USDC direct_usd and WAVAX's pricing pool until
 * `wavaxGlobal`, GLOBAL after.
 */
function pricingFiles(scenario: Scenario, model: string, database: string, layout: Layout) {
  const files = scenarioConfig(scenario, {
    model,
    database,
    heartbeatSeconds: 30,
    canonicalPricing: {
      period_seconds: PERIOD,
      trailing_periods: TRAILING,
      min_volume_usd: '100',
      max_deviation: '0.5',
    },
  })
  const { blubWavax, wavaxUsdc } = scenario.market.pairs
  const modelFile = files.model.replace(
    /pool_pricing:\n( {2}- .*\n)+/,
    `pool_pricing:
  - { pool: "${blubWavax.address}", method: direct_avax, start_block: 0, end_block: ${layout.blubGlobal}, pricing_pool: true }
  - { pool: "${blubWavax.address}", method: global, start_block: ${layout.blubGlobal}, end_block: ${layout.blubDirect} }
  - { pool: "${blubWavax.address}", method: use_global_default, start_block: ${layout.blubDirect}, pricing_pool: true }
  - { pool: "${wavaxUsdc.address}", method: direct_usd, start_block: 0, end_block: ${layout.wavaxGlobal}, pricing_pool: true }
  - { pool: "${wavaxUsdc.address}", method: global, start_block: ${layout.wavaxGlobal} }
`,
  )
  expect(modelFile).toContain('method: use_global_default')
  return { shared: files.shared, model: modelFile }
}

async function setUpChain(
  parameters: StartScenarioParameters,
  model: string,
  layout: (scenario: Scenario) => Layout,
): Promise<Chain> {
  const scenario = await startScenario(parameters)
  const cleanups: Chain['cleanups'] = [() => scenario.stop()]
  try {
    const sharedTest = testDatabase('postgres')
    const modelTest = testDatabase('postgres', { kind: 'model', model })
    cleanups.push(sharedTest.drop, modelTest.drop)
    const database = modelTest.target.database
    const env = { IDX_DATABASE_URL: SERVER, IDX_SHARED_DB: sharedTest.target.database, ...scenario.env }
    const chosen = layout(scenario)
    const files = writeConfigFiles(pricingFiles(scenario, model, database, chosen), model)
    cleanups.push(files.remove)
    for (const argv of [
      ['migrate', '--shared'],
      ['config', 'import-shared', files.shared],
      ['config', 'import-model', files.model],
      ['migrate', '--model', model],
    ]) {
      const result = await runCli(argv, env)
      if (result.code !== 0) throw new Error(`idx ${argv.join(' ')} failed: ${result.stderr}`)
    }
    const db = await createModelDb({
      target: modelDatabaseTarget(readSettings({ env }), { name: model, database }),
    })
    const shared = await createSharedDb({ target: sharedTest.target })
    cleanups.push(
      () => db.close(),
      () => shared.close(),
    )
    return {
      scenario,
      layout: chosen,
      model,
      env,
      db,
      shared,
      from: `${scenario.firstBlock}`,
      to: `${scenario.lastBlock}`,
      cleanups,
    }
  } catch (error) {
    for (const cleanup of cleanups.reverse()) await cleanup()
    throw error
  }
}

async function tearDown(chain: Chain | undefined) {
  for (const cleanup of chain?.cleanups.reverse() ?? []) await cleanup()
}

async function idx(chain: Chain, argv: string[]) {
  const result = await runCli(argv, chain.env)
  expect(result.code, `idx ${argv.join(' ')}: ${result.stderr}`).toBe(0)
  return result
}

/** An empty model database and no stored AVAX/USD price: each path resolves everything itself. */
async function startOver(chain: Chain) {
  await emptyModelDb(chain.db)
  await chain.shared.query('delete from avax_usd_price')
}

const range = (chain: Chain, ...options: string[]) =>
  idx(chain, ['process', 'range', chain.from, chain.to, '--model', chain.model, ...options])

// ---- what the chain says, independently of idx ----

const TEN = (n: bigint) => 10n ** n
/** num / den rounded half-even to 30 fractional digits, scaled by 10^30. */
function roundRatio(num: bigint, den: bigint): bigint {
  const n = num * TEN(30n)
  let q = n / den
  const r = n % den
  if (2n * r > den || (2n * r === den && q % 2n === 1n)) q += 1n
  return q
}
function scaled(text: string): bigint {
  const [whole = '0', fraction = ''] = text.split('.')
  return BigInt(whole) * TEN(30n) + BigInt(fraction.padEnd(30, '0').slice(0, 30) || '0')
}

type PricingSwap = { token: string; block: bigint; period: number; base: bigint; usdNumerator: bigint }

/**
 * The swaps that set canonical prices: those of a pool while it is a pricing
 * pool and priced directly, with their token, period and USD value as an
 * exact fraction (numerator over the token's `usdDenominator`).
 */
async function pricingSwapsOf(chain: Chain, events: ChainEvents): Promise<PricingSwap[]> {
  const { market } = chain.scenario
  const { blubGlobal, blubDirect, wavaxGlobal } = chain.layout
  const blubPool = market.pairs.blubWavax.address.toLowerCase()
  const answers = new Map<bigint, bigint>()
  const swaps: PricingSwap[] = []
  for (const swap of events.poolSwaps) {
    const block = BigInt(swap.block_number as string)
    const time = Date.parse(swap.block_time as string) / 1000
    const base = BigInt(swap.base_amount as string)
    const quote = BigInt(swap.quote_amount as string)
    if (base === 0n) continue
    if (swap.pool === blubPool) {
      if (block >= blubGlobal && block < blubDirect) continue
      let answer = answers.get(block)
      if (answer === undefined) {
        answer = (
          await readLatestRoundData(chain.scenario.client, {
            aggregator: market.aggregator,
            blockNumber: block,
          })
        ).answer
        answers.set(block, answer)
      }
      // USD = quote WAVAX (18 decimals) × answer (8 decimals).
      swaps.push({
        token: market.tokens.blub.toLowerCase(),
        block,
        period: Math.floor(time / PERIOD),
        base,
        usdNumerator: quote * answer,
      })
    } else {
      if (block >= wavaxGlobal) continue
      // USD = quote USDC (6 decimals).
      swaps.push({
        token: market.tokens.wavax.toLowerCase(),
        block,
        period: Math.floor(time / PERIOD),
        base,
        usdNumerator: quote,
      })
    }
  }
  return swaps
}

/**
 * The canonical rows the chain calls for: one per token and period, from the
 * token's first pricing swap's period through the last block's, whose
 * trailing window holds a pricing swap — with the period's own and the
 * window's swap counts; and, where the window kept every swap and set the
 * price, the volume-weighted USD price.
 */
async function expectCanonicalRowsFromChain(chain: Chain, rows: PricingRows) {
  const events = await readScenarioEvents(chain.scenario)
  const swaps = await pricingSwapsOf(chain, events)
  const lastTime = (await chain.scenario.client.getBlock({ blockNumber: chain.scenario.lastBlock })).timestamp
  const lastPeriod = Math.floor(Number(lastTime) / PERIOD)
  const expected = new Map<string, { swapCount: number; windowSwapCount: number; window: PricingSwap[] }>()
  for (const token of new Set(swaps.map((swap) => swap.token))) {
    const own = swaps.filter((swap) => swap.token === token)
    const first = Math.min(...own.map((swap) => swap.period))
    for (let p = first; p <= lastPeriod; p++) {
      const window = own.filter((swap) => swap.period > p - TRAILING && swap.period <= p)
      if (window.length === 0) continue
      expected.set(`${token}:${p * PERIOD}`, {
        swapCount: own.filter((swap) => swap.period === p).length,
        windowSwapCount: window.length,
        window,
      })
    }
  }
  const stored = new Map(rows.canonicalPrices.map((row) => [`${row.token}:${row.period_start}`, row]))
  expect([...stored.keys()].sort()).toEqual([...expected.keys()].sort())
  let priced = 0
  for (const [key, want] of expected) {
    const row = stored.get(key)!
    expect({ swaps: row.swap_count, window: row.window_swap_count }, key).toEqual({
      swaps: want.swapCount,
      window: want.windowSwapCount,
    })
    if (row.carried_forward || row.price_usd === null || row.kept_swap_count !== row.window_swap_count)
      continue
    const token = key.split(':')[0]!
    const usd = want.window.reduce((sum, swap) => sum + swap.usdNumerator, 0n)
    const base = want.window.reduce((sum, swap) => sum + swap.base, 0n)
    const exact =
      token === chain.scenario.market.tokens.blub.toLowerCase()
        ? roundRatio(usd, TEN(8n) * base) // (quote / 1e18 × answer / 1e8) / (base / 1e18)
        : roundRatio(usd * TEN(12n), base) // (quote / 1e6) / (base / 1e18)
    const diff = scaled(row.price_usd as string) - exact
    // The stored price sums values rounded to 30 digits: only the last few digits may differ.
    expect(diff < 0n ? -diff : diff, `${key} price`).toBeLessThan(10_000n)
    priced++
  }
  expect(priced).toBeGreaterThan(5)
}

/** `idx pricing explain` at blocks of both pools agrees with the stored rows. */
async function expectExplainAgrees(chain: Chain, rows: PricingRows, blocks: readonly bigint[]) {
  const { market } = chain.scenario
  const pools = [market.pairs.blubWavax.address.toLowerCase(), market.pairs.wavaxUsdc.address.toLowerCase()]
  const stored = await chain.db.query<{ pool: string; block_number: string; log_index: number }>(
    'select pool, block_number::text, log_index from pool_swap',
  )
  const trim = (text: unknown) =>
    typeof text === 'string' && text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text
  let globals = 0
  for (const block of blocks)
    for (const pool of pools) {
      const swaps = stored.filter((swap) => swap.pool === pool && swap.block_number === `${block}`)
      if (swaps.length === 0) continue
      const result = await idx(chain, [
        'pricing',
        'explain',
        '--model',
        chain.model,
        '--pool',
        pool,
        '--block',
        `${block}`,
        '--json',
      ])
      const out = JSON.parse(result.stdout)
      const mine = rows.swapValuations.filter(
        (row) => row.block_number === `${block}` && swaps.some((swap) => swap.log_index === row.log_index),
      )
      expect(
        out.swaps.map((swap: Record<string, unknown>) => [swap.denomination, swap.method, trim(swap.value)]),
        `explain ${pool} at ${block}`,
      ).toEqual(
        [...mine]
          .sort((a, b) => Number(a.log_index) - Number(b.log_index))
          .map((row) => [row.denomination, row.method, trim(row.value)]),
      )
      if (out.decision.method !== 'global') continue
      const usd = mine.filter((row) => row.denomination === 'USD')
      for (const row of usd)
        if (row.method === 'GLOBAL')
          expect(trim(row.price), `GLOBAL at ${block}`).toBe(trim(out.canonical.priceUsd))
        else expect(out.canonical.priceUsd, `no canonical price at ${block}`).toBeNull()
      globals++
    }
  expect(globals).toBeGreaterThan(2)
}

/** Blocks worth explaining: every tenth block with swaps, and those around the digit boundaries. */
function sampleBlocks(rows: PricingRows, around: readonly bigint[]): bigint[] {
  const withSwaps = [...new Set(rows.swapValuations.map((row) => BigInt(row.block_number as string)))]
  return withSwaps.filter(
    (block, index) => index % 10 === 0 || around.some((edge) => block >= edge - 2n && block <= edge + 2n),
  )
}

function expectVariety(rows: PricingRows) {
  const methods = new Set(rows.swapValuations.map((row) => `${row.method}:${row.error_code ?? ''}`))
  for (const method of ['DIRECT_AVAX:', 'DIRECT_USD:', 'GLOBAL:', 'ERROR:no_canonical_price'])
    expect(methods, method).toContain(method)
  expect(rows.canonicalPrices.some((row) => row.carried_forward)).toBe(true)
  expect(new Set(rows.canonicalPrices.map((row) => row.token)).size).toBe(2)
}

describe('every path to a price gives the same price: blocks 1–130, seconds and minutes apart', () => {
  let chain: Chain
  let reference: PricingRows

  beforeAll(async () => {
    // Deployment in blocks 1–10; activity 11–130: 2 s, then 20 s, then 75 s, then 3 s apart.
    chain = await setUpChain(
      {
        blocks: 0,
        swapsPerBlock: 4,
        priceUpdateEvery: 7,
        seed: 12,
        parts: [
          { blocks: 35, secondsApart: 2 },
          { blocks: 30, secondsApart: 20 },
          { blocks: 25, secondsApart: 75 },
          { blocks: 30, secondsApart: 3 },
        ],
      },
      'paths_a',
      () => ({ blubGlobal: 50n, blubDirect: 95n, wavaxGlobal: 80n }),
    )
    expect(chain.scenario.firstBlock).toBe(1n)
    expect(chain.scenario.lastBlock).toBe(130n)
    await startOver(chain)
    await range(chain, '--batch-size', '16')
    reference = await readPricingRows(chain.db)
  }, 300_000)

  afterAll(() => tearDown(chain))

  test('default: one worker stores what the chain says', async () => {
    expectVariety(reference)
    await expectCanonicalRowsFromChain(chain, reference)
  })

  test('behavior: idx pricing explain agrees with the stored rows', async () => {
    await expectExplainAgrees(chain, reference, sampleBlocks(reference, [10n, 100n, 50n, 95n, 80n]))
  })

  test('behavior: idx pricing update over everything already priced changes nothing (also in 7-block chunks)', async () => {
    await idx(chain, ['pricing', 'update', '--model', chain.model])
    expect(await readPricingRows(chain.db)).toEqual(reference)
    const model = await loadIndexerModel({ shared: chain.shared, model: chain.model })
    await updatePricing({ model, db: chain.db, from: 1n, to: 130n, chunkSize: 7 })
    expect(await readPricingRows(chain.db)).toEqual(reference)
  })

  test('behavior: --workers 3 stores the same rows', async () => {
    await startOver(chain)
    await range(chain, '--workers', '3', '--job-size', '20', '--batch-size', '7')
    expect(await readPricingRows(chain.db)).toEqual(reference)
  })

  test('behavior: block by block stores the same rows', async () => {
    await startOver(chain)
    await range(chain, '--batch-size', '1')
    expect(await readPricingRows(chain.db)).toEqual(reference)
  })

  test('behavior: three processes on one range, then idx pricing update, store the same rows', async () => {
    await startOver(chain)
    const argv = ['process', 'range', chain.from, chain.to, '--model', chain.model]
    const slow = ['--job-size', '12', '--batch-size', '4', '--requests-per-second', '60', '--json']
    const runs = [0, 1, 2].map(() => startCli([...argv, ...slow], chain.env))
    const results = await Promise.all(runs.map((run) => run.exited))
    for (const result of results) expect(result.code, result.stderr).toBe(0)
    // They shared the range: jobs were done by more than one process, out of block order.
    const workers = await chain.db.query<{ pid: string }>(
      `select distinct split_part(worker, ':', 2) as pid from block_job`,
    )
    expect(workers.length).toBeGreaterThan(1)
    // The last one to finish priced the range again, in order …
    expect(await readPricingRows(chain.db)).toEqual(reference)
    // … and idx pricing update leaves it so.
    await idx(chain, ['pricing', 'update', '--model', chain.model])
    expect(await readPricingRows(chain.db)).toEqual(reference)
  })

  test('behavior: idx pricing update repairs canonical prices left wrong by out-of-order pricing', async () => {
    // Later blocks first, then the earlier ones: the later ones are priced without them.
    await startOver(chain)
    await idx(chain, ['process', 'range', '40', '130', '--model', chain.model])
    const early = await readPricingRows(chain.db)
    const periods = new Set(early.canonicalPrices.map((row) => `${row.token}:${row.period_start}`))
    expect(early.canonicalPrices).not.toEqual(
      reference.canonicalPrices.filter((row) => periods.has(`${row.token}:${row.period_start}`)),
    )
    await idx(chain, ['process', 'range', '1', '39', '--model', chain.model])
    // The second range lies before blocks done earlier: it priced them again itself.
    expect(await readPricingRows(chain.db)).toEqual(reference)
    // Spoil every canonical row and valuation; idx pricing update brings back the in-order rows.
    await chain.db.query(`update canonical_price set swap_count = swap_count + 13, price_usd = 1`)
    await chain.db.query(`insert into canonical_price select token, period_seconds, period_start + interval '1 second',
      price_usd, price_avax, carried_forward, priced_period_start, deviating_since, reason, volume_usd, volume_avax,
      base_volume, swap_count, window_swap_count, kept_swap_count, kept_volume_usd, reference_price_usd, updated_at
      from canonical_price`)
    await chain.db.query(`delete from swap_valuation where block_number % 3 = 0`)
    await idx(chain, ['pricing', 'update', '--model', chain.model])
    expect(await readPricingRows(chain.db)).toEqual(reference)
  })

  test('behavior: a reorg and its re-processing store what processing the new chain does', async () => {
    await startOver(chain)
    const follow = (until: bigint) =>
      idx(chain, ['process', 'follow', '--model', chain.model, '--until', `${until}`, '--poll-ms', '50'])
    await follow(130n)
    expect(await readPricingRows(chain.db)).toEqual(reference)
    // The chain drops its last 12 blocks and grows another branch, 20 s apart.
    const { client, market } = chain.scenario
    await rollback(client, 12)
    await client.request({ method: 'anvil_setBlockTimestampInterval', params: [20] } as never)
    const branch = await generateActivity(client, { market, blocks: 16, swapsPerBlock: 4, seed: 99 })
    expect(branch.fromBlock).toBe(119n)
    await follow(branch.toBlock)
    const reorged = await readPricingRows(chain.db)
    expect(reorged).not.toEqual(reference)
    await startOver(chain)
    await idx(chain, ['process', 'range', chain.from, `${branch.toBlock}`, '--model', chain.model])
    expect(reorged).toEqual(await readPricingRows(chain.db))
  })
})

describe('every path to a price gives the same price: blocks 976–1,010', () => {
  let chain: Chain
  let reference: PricingRows

  beforeAll(async () => {
    // Genesis 975, deployment 976–985; activity 986–1,010: 2 s, then 70 s, then 2 s apart.
    chain = await setUpChain(
      {
        genesisBlockNumber: 975n,
        blocks: 0,
        swapsPerBlock: 5,
        priceUpdateEvery: 4,
        seed: 21,
        parts: [
          { blocks: 9, secondsApart: 2 },
          { blocks: 8, secondsApart: 70 },
          { blocks: 8, secondsApart: 2 },
        ],
      },
      'paths_b',
      () => ({ blubGlobal: 995n, blubDirect: 1_003n, wavaxGlobal: 1_000n }),
    )
    expect(chain.scenario.firstBlock).toBe(976n)
    expect(chain.scenario.lastBlock).toBe(1_010n)
    await startOver(chain)
    await range(chain)
    reference = await readPricingRows(chain.db)
  }, 300_000)

  afterAll(() => tearDown(chain))

  test('default: one worker stores what the chain says; explain agrees', async () => {
    expectVariety(reference)
    await expectCanonicalRowsFromChain(chain, reference)
    await expectExplainAgrees(chain, reference, sampleBlocks(reference, [1_000n, 995n, 1_003n]))
  })

  test('behavior: idx pricing update in 3-block chunks across 999 → 1,000 changes nothing', async () => {
    const model = await loadIndexerModel({ shared: chain.shared, model: chain.model })
    await updatePricing({ model, db: chain.db, from: 976n, to: 1_010n, chunkSize: 3 })
    expect(await readPricingRows(chain.db)).toEqual(reference)
  })

  test('behavior: --workers 3, and idx process block N for each block in turn, store the same rows', async () => {
    await startOver(chain)
    await range(chain, '--workers', '3', '--job-size', '4', '--batch-size', '2')
    expect(await readPricingRows(chain.db)).toEqual(reference)
    await startOver(chain)
    for (let n = chain.scenario.firstBlock; n <= chain.scenario.lastBlock; n++)
      await idx(chain, ['process', 'block', `${n}`, '--model', chain.model])
    expect(await readPricingRows(chain.db)).toEqual(reference)
  })
  test('behavior: a block that failed, processed again after later ones (process block, retry-failed), prices them again', async () => {
    await startOver(chain)
    await range(chain)
    const fail = async (number: bigint) => {
      const header = await getProcessedHeader(chain.db, number)
      await markBlocksFailed(chain.db, [{ header: header!, error: 'The node answered garbage.' }])
      // Later blocks priced without its swaps (a WAVAX pricing swap, and BLUB GLOBAL around it).
      await idx(chain, ['pricing', 'update', '--model', chain.model])
      expect(await readPricingRows(chain.db)).not.toEqual(reference)
    }
    await fail(999n)
    const block = await idx(chain, ['process', 'block', '999', '--model', chain.model, '--json'])
    expect(JSON.parse(block.stdout).repriced).toMatchObject({ from: '999', to: '1010' })
    expect(await readPricingRows(chain.db)).toEqual(reference)
    await fail(999n)
    await idx(chain, ['process', 'retry-failed', '--model', chain.model])
    expect(await readPricingRows(chain.db)).toEqual(reference)
  })
})
