// Trades as the wallet saw them, end to end on a real chain: anvil with real
// Uniswap V2 pairs (two BLUB/WAVAX pools, WAVAX/USDC, and a BLUB/USDC pool the
// model does not track) and an aggregator-style router of our own
// (TestSplitRouter), indexed through JSON-RPC for a model whose asset is BLUB.
// Every expected trade is computed here from the chain's own events (getLogs of
// the pairs' Swap and the router's SwapExactIn, the pairs' token0/token1, the
// transactions' sender and recipient) — never with idx's code — and every value
// exactly from the WAVAX the BLUB legs moved and the feed's answer.

import { rebuildPeriodStats } from '@idx/model-db'
import { listModelSources } from '@idx/shared-db'
import {
  type Anvil,
  addLiquidity,
  anvilAccounts,
  createTestkitClient,
  createV2Pair,
  deployMarket,
  fillSplitOrders,
  inOneBlock,
  type Market,
  marketConfigFiles,
  mine,
  revert,
  snapshot,
  startAnvil,
  swapViaSplitRouter,
  type TestkitClient,
  testAggregatorAbi,
  uniswapV2PairAbi,
  type V2Pair,
} from '@idx/testkit'
import { type Address, type Hash, parseEther, parseEventLogs, parseUnits } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type ChainTrade, readChainTrades, STORED_TRADES_SQL, sortTrades } from '../_test/chainTrades'
import { dumpModelDb, readPeriodStatRows } from '../_test/modelRows'
import { createScenarioDatabases, DB_KINDS, RPC_ENV, type ScenarioDatabases } from '../_test/scenario'
import type { BlockSource } from '../source/types'
import { createModelSource } from './createModelSource'
import { follow } from './follow'
import { type IndexerModel, loadIndexerModel } from './loadIndexerModel'
import { runRange } from './runRange'

const lower = (address: string) => address.toLowerCase() as Address

let anvil: Anvil
let client: TestkitClient
let market: Market
let untracked: V2Pair
/** The transactions made, by what they are. */
const made: Record<string, Hash> = {}
let firstBlock: bigint
let lastBlock: bigint

beforeAll(async () => {
  // Blocks from 900: the trades below cross 999 → 1000.
  anvil = await startAnvil({ genesisBlockNumber: 900 })
  client = createTestkitClient({ rpcUrl: anvil.rpcUrl })
  market = await deployMarket(client, { splitRouter: true })
  firstBlock = market.blocks.first
  const { blub, wavax, usdc } = market.tokens
  const [t0, t1, t2, t3, t4, relayer, buyer, seller, t8] = market.traders as Address[]
  // A BLUB/USDC pair the model does not track.
  untracked = await createV2Pair(client, { factory: market.factory, tokenA: blub, tokenB: usdc })
  const blubFirst = lower(untracked.token0) === lower(blub)
  await addLiquidity(client, {
    pair: untracked,
    amount0: blubFirst ? parseEther('1000000') : parseUnits('2500', 6),
    amount1: blubFirst ? parseUnits('2500', 6) : parseEther('1000000'),
    from: market.traders[0]!,
  })
  const head = await client.getBlockNumber()
  if (head < 997n) await mine(client, { blocks: Number(997n - head) })

  /** The next block `seconds` after the latest (anvil otherwise keeps blocks 2 s apart). */
  const later = async (seconds: number) => {
    const { timestamp } = await client.getBlock()
    await client.setNextBlockTimestamp({ timestamp: timestamp + BigInt(seconds) })
  }
  const router = market.splitRouter!
  const A = market.pairs.blubWavax
  const B = market.pairs.blubWavaxB!
  const hop = market.pairs.wavaxUsdc
  // Block 998: a split buy and a split sell in one block (two trades).
  await inOneBlock(client, async () => {
    made.splitBuy = (
      await swapViaSplitRouter(client, {
        router,
        tokenIn: wavax,
        amountIn: parseEther('3'),
        tokenOut: blub,
        steps: [
          { pair: A, tokenIn: wavax, shareBps: 4_000 },
          { pair: B, tokenIn: wavax },
        ],
        from: t0!,
      })
    ).hash
    made.splitSell = (
      await swapViaSplitRouter(client, {
        router,
        tokenIn: blub,
        amountIn: parseEther('25000'),
        tokenOut: wavax,
        steps: [
          { pair: B, tokenIn: blub, shareBps: 3_500 },
          { pair: A, tokenIn: blub },
        ],
        from: t1!,
      })
    ).hash
  })
  // Seconds and minutes apart.
  await later(7)
  made.multiHop = (
    await swapViaSplitRouter(client, {
      router,
      tokenIn: usdc,
      amountIn: parseUnits('120', 6),
      tokenOut: blub,
      steps: [
        { pair: hop, tokenIn: usdc },
        { pair: A, tokenIn: wavax },
      ],
      from: t2!,
    })
  ).hash
  await later(150)
  made.splitHop = (
    await swapViaSplitRouter(client, {
      router,
      tokenIn: usdc,
      amountIn: parseUnits('80', 6),
      tokenOut: blub,
      steps: [
        { pair: hop, tokenIn: usdc },
        { pair: A, tokenIn: wavax, shareBps: 6_000 },
        { pair: B, tokenIn: wavax },
      ],
      from: t3!,
    })
  ).hash
  made.cycle = (
    await swapViaSplitRouter(client, {
      router,
      tokenIn: wavax,
      amountIn: parseEther('0.5'),
      tokenOut: wavax,
      steps: [
        { pair: A, tokenIn: wavax },
        { pair: B, tokenIn: blub },
      ],
      from: t4!,
    })
  ).hash
  await later(61)
  made.twoWallets = (
    await fillSplitOrders(client, {
      router,
      from: relayer!,
      orders: [
        {
          owner: buyer!,
          tokenIn: wavax,
          amountIn: parseEther('1.5'),
          tokenOut: blub,
          steps: [
            { pair: A, tokenIn: wavax, shareBps: 5_000 },
            { pair: B, tokenIn: wavax },
          ],
        },
        {
          owner: seller!,
          tokenIn: blub,
          amountIn: parseEther('9000'),
          tokenOut: wavax,
          steps: [{ pair: A, tokenIn: blub }],
        },
      ],
    })
  ).hash
  made.untrackedOnly = (
    await swapViaSplitRouter(client, {
      router,
      tokenIn: blub,
      amountIn: parseEther('4000'),
      tokenOut: usdc,
      steps: [{ pair: untracked, tokenIn: blub }],
      from: t8!,
    })
  ).hash
  lastBlock = await client.getBlockNumber()
}, 120_000)

afterAll(() => anvil?.stop())

/** The model's files: the split market, its asset BLUB. */
const config = () => {
  const files = marketConfigFiles(market, { model: 'trades', rpcEnv: RPC_ENV, targetAsset: 'BLUB' })
  return { shared: files.shared, model: files.model }
}

/** What the chain says the wallets did: {@link readChainTrades}, for this market. */
function chainTrades(from: bigint, to: bigint) {
  return readChainTrades(client, {
    from,
    to,
    pools: [market.pairs.blubWavax.address, market.pairs.blubWavaxB!.address, market.pairs.wavaxUsdc.address],
    asset: market.tokens.blub,
    routers: new Map([[lower(market.splitRouter!), 'Split router']]),
    aggregators: [market.splitRouter!],
  })
}

/** The stored trades, as text, in the shape of {@link chainTrades}. */
async function storedTrades(dbs: ScenarioDatabases) {
  return sortTrades(await dbs.model.query<ChainTrade>(STORED_TRADES_SQL))
}

describe.each(DB_KINDS)('%s', (kind) => {
  let dbs: ScenarioDatabases
  let model: IndexerModel
  let source: BlockSource

  beforeAll(async () => {
    dbs = await createScenarioDatabases(kind, config(), 'trades')
    const created = createModelSource({
      sources: await listModelSources(dbs.shared.client, 'trades'),
      env: { [RPC_ENV]: anvil.rpcUrl },
    })
    source = created.source
    model = await loadIndexerModel({ shared: dbs.shared, model: 'trades' })
    await runRange({ model, db: dbs.model, source, from: firstBlock, to: lastBlock })
  })
  afterAll(async () => {
    await source?.close?.()
    await dbs?.close()
  })

  test('default: every trade is what the chain says the wallet gave and got', async () => {
    expect(model.targetAsset).toBe(lower(market.tokens.blub))
    const expected = await chainTrades(firstBlock, lastBlock)
    expect(await storedTrades(dbs)).toEqual(expected)
    // The shapes made, each as it should be.
    const of = (what: string) => expected.filter((trade) => trade.transaction_hash === made[what])
    expect(of('splitBuy')).toMatchObject([{ trade_type: 'trade', direction: 'buy', route: { length: 2 } }])
    expect(of('splitSell')).toMatchObject([{ trade_type: 'trade', direction: 'sell', route: { length: 2 } }])
    expect(of('multiHop')).toMatchObject([
      {
        direction: 'buy',
        quote_token: lower(market.tokens.usdc),
        route: { length: 2 },
        asset_legs: { length: 1 },
      },
    ])
    expect(of('splitHop')).toMatchObject([
      {
        direction: 'buy',
        quote_token: lower(market.tokens.usdc),
        route: { length: 3 },
        asset_legs: { length: 2 },
      },
    ])
    expect(of('cycle')).toMatchObject([{ trade_type: 'arbitrage', direction: null, base_amount: '0' }])
    const relayer = lower(market.traders[5]!)
    expect(of('twoWallets').map((trade) => [trade.taker, trade.wallet, trade.direction])).toEqual(
      [
        [relayer, lower(market.traders[6]!), 'buy'],
        [relayer, lower(market.traders[7]!), 'sell'],
      ].sort((a, b) => (a[1]! < b[1]! ? -1 : 1)),
    )
    expect(of('untrackedOnly')).toEqual([])
    expect(
      await dbs.model.query(`select id from trade where transaction_hash = $1`, [made.untrackedOnly]),
    ).toEqual([])
    // The blocks they are in cross 999 → 1000, seconds and minutes apart.
    const blocks = await dbs.model.query<{ n: string; t: number }>(
      'select distinct block_number::text as n, extract(epoch from block_time)::int as t from trade order by 2',
    )
    expect(blocks.map((row) => row.n)).toEqual(expect.arrayContaining(['998', '1000']))
    const gaps = blocks.slice(1).map((row, index) => row.t - blocks[index]!.t)
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(150)
    expect(Math.min(...gaps)).toBeLessThan(10)
  })

  test("behavior: a trade's value is its BLUB legs' WAVAX, in AVAX and in USD at the block's AVAX/USD — the hop is not counted", async () => {
    const SCALE = 30n
    const rows = await dbs.model.query<{
      transaction_hash: string
      wallet: string
      asset_legs: string[]
      block_number: string
      usd: string
      avax: string
      usd_method: string
    }>(
      `select t.transaction_hash, t.wallet, t.asset_legs, t.block_number::text,
              u.value::text as usd, a.value::text as avax, u.method::text as usd_method
         from trade t
         join trade_valuation u on u.block_number = t.block_number and u.log_index = t.log_index and u.denomination = 'USD'
         join trade_valuation a on a.block_number = t.block_number and a.log_index = t.log_index and a.denomination = 'AVAX'`,
    )
    expect(rows.length).toBe((await chainTrades(firstBlock, lastBlock)).length)
    const swaps = parseEventLogs({
      abi: uniswapV2PairAbi,
      eventName: 'Swap',
      logs: await client.getLogs({
        address: [market.pairs.blubWavax.address, market.pairs.blubWavaxB!.address],
        fromBlock: firstBlock,
        toBlock: lastBlock,
      }),
    })
    const answers = parseEventLogs({
      abi: testAggregatorAbi,
      eventName: 'AnswerUpdated',
      logs: await client.getLogs({ address: market.aggregator, fromBlock: 0n, toBlock: lastBlock }),
    })
    const answerAt = (block: bigint) => answers.filter((log) => log.blockNumber <= block).at(-1)!.args.current
    // WAVAX is token1 of both BLUB pools (BLUB < WAVAX by address on this chain).
    expect(lower(market.pairs.blubWavax.token1)).toBe(lower(market.tokens.wavax))
    const scaled = (text: string) => {
      const [whole, fraction = ''] = text.split('.')
      return BigInt(whole! + fraction.padEnd(Number(SCALE), '0'))
    }
    for (const row of rows) {
      const legs = row.asset_legs.map(
        (id) => swaps.find((log) => id === `43114:${log.transactionHash}:${log.logIndex}:pool_swap`)!,
      )
      const wavax = legs.reduce((sum, log) => sum + log.args.amount1In + log.args.amount1Out, 0n)
      expect(row.usd_method).toBe('DIRECT')
      expect(scaled(row.avax)).toBe(wavax * 10n ** (SCALE - 18n))
      expect(scaled(row.usd)).toBe((wavax * answerAt(BigInt(row.block_number)) * 10n ** SCALE) / 10n ** 26n)
    }
  })

  test("behavior: period aggregates are the sums of the chain's trades and swaps, and the canonical prices' candles", async () => {
    const SCALE = 30n
    const scaled = (text: string | null | undefined) => {
      if (text === null || text === undefined) return null
      const [whole, fraction = ''] = text.split('.')
      return BigInt(whole! + fraction.padEnd(Number(SCALE), '0')).toString()
    }
    const timeOfBlock = new Map<bigint, bigint>()
    const blockTime = async (blockNumber: bigint) => {
      if (!timeOfBlock.has(blockNumber))
        timeOfBlock.set(blockNumber, (await client.getBlock({ blockNumber })).timestamp)
      return timeOfBlock.get(blockNumber)!
    }
    // The trades that bought or sold BLUB, from the chain; their values as stored (the test above
    // checks them against the chain).
    const trades = (await chainTrades(firstBlock, lastBlock)).filter((trade) => trade.direction !== null)
    const values = await dbs.model.query<{
      transaction_hash: string
      wallet: string
      usd: string | null
      avax: string | null
    }>(
      `select t.transaction_hash, t.wallet, u.value::text as usd, a.value::text as avax from trade t
         left join trade_valuation u on u.block_number = t.block_number and u.log_index = t.log_index and u.denomination = 'USD'
         left join trade_valuation a on a.block_number = t.block_number and a.log_index = t.log_index and a.denomination = 'AVAX'`,
    )
    const storedValue = (trade: ChainTrade) =>
      values.find((row) => row.transaction_hash === trade.transaction_hash && row.wallet === trade.wallet)!
    type Sums = Record<string, bigint>
    const expected = new Map<string, { sums: Sums; takers: Set<string> }>()
    for (const trade of trades) {
      const receipt = await client.getTransactionReceipt({ hash: trade.transaction_hash as Hash })
      const time = await blockTime(receipt.blockNumber)
      const { usd, avax } = storedValue(trade)
      for (const period of [60n, 300n, 3_600n, 14_400n, 86_400n]) {
        const key = `${trade.base_token} ${period} ${(time / period) * period}`
        const entry = expected.get(key) ?? { sums: {} as Sums, takers: new Set<string>() }
        expected.set(key, entry)
        const add = (name: string, amount: bigint) => {
          entry.sums[name] = (entry.sums[name] ?? 0n) + amount
        }
        const side = trade.direction as 'buy' | 'sell'
        for (const prefix of ['', `${side}_`]) {
          add(`${prefix}base_volume`, BigInt(trade.base_amount))
          add(`${prefix}volume_usd`, BigInt(scaled(usd) ?? '0'))
          add(`${prefix}volume_avax`, BigInt(scaled(avax) ?? '0'))
        }
        for (const side_ of ['buy', 'sell']) add(`${side_}_count`, side === side_ ? 1n : 0n)
        for (const name of ['buy_', 'sell_'])
          for (const column of ['base_volume', 'volume_usd', 'volume_avax']) add(`${name}${column}`, 0n)
        add('trade_count', 1n)
        add('unvalued_count', usd === null ? 1n : 0n)
        entry.takers.add(trade.taker)
      }
    }
    const stored = await dbs.model.query<Record<string, string>>(
      `select token, period_seconds::text, extract(epoch from period_start)::bigint::text as period_start,
              base_volume::text, volume_usd::text, volume_avax::text, buy_base_volume::text, buy_volume_usd::text,
              buy_volume_avax::text, sell_base_volume::text, sell_volume_usd::text, sell_volume_avax::text,
              trade_count::text, buy_count::text, sell_count::text, unvalued_count::text, taker_count::text
         from token_period_stat where trade_count > 0`,
    )
    const asText = (entries: [string, Record<string, string>][]) =>
      Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)))
    expect(
      asText(
        stored.map((row) => {
          const { token, period_seconds, period_start, ...rest } = row
          const normal = Object.fromEntries(
            Object.entries(rest).map(([name, value]) => [
              name,
              name.includes('usd') || name.includes('avax') ? scaled(value)! : value,
            ]),
          )
          return [`${token} ${period_seconds} ${period_start}`, normal]
        }),
      ),
    ).toEqual(
      asText(
        [...expected].map(([key, { sums, takers }]) => [
          key,
          {
            ...Object.fromEntries(Object.entries(sums).map(([name, value]) => [name, value.toString()])),
            taker_count: String(takers.size),
          },
        ]),
      ),
    )
    // The day holds every trade; its minutes hold one to three.
    const day = [...expected].find(([key]) => key.includes(' 86400 '))!
    expect(day[1].sums.trade_count).toBe(BigInt(trades.length))
    expect(day[1].takers.size).toBeGreaterThan(3)

    // Candles: each period's first, highest, lowest and last stored canonical price (per minute).
    const prices = await dbs.model.query<{
      token: string
      start: string
      usd: string | null
      avax: string | null
    }>(
      `select token, extract(epoch from period_start)::bigint::text as start, price_usd::text as usd,
              price_avax::text as avax from canonical_price where period_seconds = 60 order by period_start`,
    )
    const candles = new Map<string, Record<string, string | null | undefined>>()
    for (const period of [60n, 300n, 3_600n, 14_400n, 86_400n]) {
      const groups = new Map<string, typeof prices>()
      for (const price of prices.filter((row) => row.usd !== null)) {
        const key = `${price.token} ${period} ${(BigInt(price.start) / period) * period}`
        groups.set(key, [...(groups.get(key) ?? []), price])
      }
      for (const [key, rows] of groups) {
        const of = (field: 'usd' | 'avax') => {
          const list = rows.map((row) => BigInt(scaled(row[field])!))
          const sorted = [...list].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
          return [list[0], sorted.at(-1), sorted[0], list.at(-1)].map(String)
        }
        const [openUsd, highUsd, lowUsd, closeUsd] = of('usd')
        const [openAvax, highAvax, lowAvax, closeAvax] = of('avax')
        candles.set(key, { openUsd, highUsd, lowUsd, closeUsd, openAvax, highAvax, lowAvax, closeAvax })
      }
    }
    expect(candles.size).toBeGreaterThan(5)
    const storedCandles = await dbs.model.query<Record<string, string>>(
      `select token, period_seconds::text as s, extract(epoch from period_start)::bigint::text as start,
              open_usd::text as "openUsd", high_usd::text as "highUsd", low_usd::text as "lowUsd",
              close_usd::text as "closeUsd", open_avax::text as "openAvax", high_avax::text as "highAvax",
              low_avax::text as "lowAvax", close_avax::text as "closeAvax"
         from token_period_stat where open_usd is not null`,
    )
    expect(
      new Map(
        storedCandles.map(({ token, s, start, ...ohlc }) => [
          `${token} ${s} ${start}`,
          Object.fromEntries(Object.entries(ohlc).map(([name, value]) => [name, scaled(value)])),
        ]),
      ),
    ).toEqual(candles)

    // Pools: each pool's swaps per period, from the pairs' Swap events (oriented by the stored
    // swaps' base token), their USD values as stored.
    const pairs = [market.pairs.blubWavax, market.pairs.blubWavaxB!, market.pairs.wavaxUsdc]
    const swapLogs = parseEventLogs({
      abi: uniswapV2PairAbi,
      eventName: 'Swap',
      logs: await client.getLogs({
        address: pairs.map((pair) => pair.address),
        fromBlock: firstBlock,
        toBlock: lastBlock,
      }),
    })
    const swapRows = await dbs.model.query<{ id: string; base_token: string; usd: string | null }>(
      `select s.id, s.base_token, u.value::text as usd from pool_swap s left join swap_valuation u
         on u.block_number = s.block_number and u.log_index = s.log_index and u.denomination = 'USD'`,
    )
    expect(swapRows.length).toBe(swapLogs.length)
    const poolSums = new Map<string, Record<string, bigint>>()
    for (const log of swapLogs) {
      const pair = pairs.find((p) => lower(p.address) === lower(log.address))!
      const row = swapRows.find((r) => r.id === `43114:${log.transactionHash}:${log.logIndex}:pool_swap`)!
      const baseIs0 = lower(row.base_token) === lower(pair.token0)
      const amount0 = log.args.amount0In + log.args.amount0Out
      const amount1 = log.args.amount1In + log.args.amount1Out
      const time = await blockTime(log.blockNumber)
      for (const period of [60n, 300n, 3_600n, 14_400n, 86_400n]) {
        const key = `${lower(log.address)} ${period} ${(time / period) * period}`
        const sums = poolSums.get(key) ?? {
          base_volume: 0n,
          quote_volume: 0n,
          volume_usd: 0n,
          swap_count: 0n,
        }
        sums.base_volume! += baseIs0 ? amount0 : amount1
        sums.quote_volume! += baseIs0 ? amount1 : amount0
        sums.volume_usd! += BigInt(scaled(row.usd) ?? '0')
        sums.swap_count! += 1n
        poolSums.set(key, sums)
      }
    }
    const storedPools = await dbs.model.query<Record<string, string>>(
      `select pool, period_seconds::text as s, extract(epoch from period_start)::bigint::text as start,
              base_volume::text, quote_volume::text, volume_usd::text, swap_count::text from pool_period_stat`,
    )
    expect(
      new Map(
        storedPools.map(({ pool, s, start, volume_usd, ...rest }) => [
          `${pool} ${s} ${start}`,
          { ...rest, volume_usd: scaled(volume_usd) },
        ]),
      ),
    ).toEqual(
      new Map(
        [...poolSums].map(([key, sums]) => [
          key,
          Object.fromEntries(Object.entries(sums).map(([name, value]) => [name, value.toString()])),
        ]),
      ),
    )
    // Routers: each router's trades (arbitrages too) per day and type, from the chain.
    const routerDays = new Map<string, number>()
    for (const trade of await chainTrades(firstBlock, lastBlock)) {
      const receipt = await client.getTransactionReceipt({ hash: trade.transaction_hash as Hash })
      const day = ((await blockTime(receipt.blockNumber)) / 86_400n) * 86_400n
      const key = `${trade.router ?? ''} ${trade.router_label} ${trade.trade_type} ${day}`
      routerDays.set(key, (routerDays.get(key) ?? 0) + 1)
    }
    const storedRouters = await dbs.model.query<{ key: string; n: number }>(
      `select router || ' ' || coalesce(router_label, 'null') || ' ' || trade_type::text || ' '
                || extract(epoch from period_start)::bigint::text as key, trade_count as n
         from router_period_stat where period_seconds = 86400`,
    )
    expect(new Map(storedRouters.map((row) => [row.key, row.n]))).toEqual(routerDays)
    expect(routerDays.size).toBeGreaterThan(1)
    // Rebuilding them from the rows changes nothing.
    const maintained = await readPeriodStatRows(dbs.model)
    await rebuildPeriodStats(dbs.model)
    expect(await readPeriodStatRows(dbs.model)).toEqual(maintained)
  })

  test('behavior: one worker, several workers, block by block and a re-run store the same rows', async () => {
    // Every table, canonical prices included: they are a function of the stored swaps alone.
    const dump = () => dumpModelDb(dbs.model)
    const once = await dump()
    await dbs.reset()
    await runRange({ model, db: dbs.model, source, from: firstBlock, to: lastBlock, workers: 3, jobSize: 2 })
    expect(await dump()).toBe(once)
    await dbs.reset()
    for (let block = firstBlock; block <= lastBlock; block++)
      await runRange({ model, db: dbs.model, source, from: block, to: block })
    expect(await dump()).toBe(once)
    await runRange({ model, db: dbs.model, source, from: firstBlock, to: lastBlock })
    expect(await dump()).toBe(once)
  })
})

describe('after a reorg', () => {
  test('behavior: the orphaned trades go, the new branch’s come in, as a fresh run stores them', async () => {
    const kind = 'postgres'
    const dbs = await createScenarioDatabases(kind, config(), 'trades')
    const created = createModelSource({
      sources: await listModelSources(dbs.shared.client, 'trades'),
      env: { [RPC_ENV]: anvil.rpcUrl },
    })
    const fresh = await createScenarioDatabases(kind, config(), 'trades')
    try {
      const model = await loadIndexerModel({ shared: dbs.shared, model: 'trades' })
      const id = await snapshot(client)
      // A branch: the relayer fills other orders, then the head is indexed.
      const { blub, wavax } = market.tokens
      const fill = (owner: Address, amount: bigint) =>
        fillSplitOrders(client, {
          router: market.splitRouter!,
          from: anvilAccounts[1]!,
          orders: [
            {
              owner,
              tokenIn: wavax,
              amountIn: amount,
              tokenOut: blub,
              steps: [
                { pair: market.pairs.blubWavax, tokenIn: wavax, shareBps: 2_500 },
                { pair: market.pairs.blubWavaxB!, tokenIn: wavax },
              ],
            },
          ],
        })
      await fill(market.traders[2]!, parseEther('2'))
      await fill(market.traders[3]!, parseEther('1'))
      await follow({ model, db: dbs.model, source: created.source, until: await client.getBlockNumber() })
      // The reorg: the same heights, other orders.
      await revert(client, id)
      await fill(market.traders[4]!, parseEther('0.7'))
      await fill(market.traders[6]!, parseEther('0.9'))
      await mine(client)
      const head = await client.getBlockNumber()
      await follow({ model, db: dbs.model, source: created.source, until: head })
      expect(await storedTrades(dbs)).toEqual(await chainTrades(firstBlock, head))
      const freshModel = await loadIndexerModel({ shared: fresh.shared, model: 'trades' })
      await runRange({
        model: freshModel,
        db: fresh.model,
        source: created.source,
        from: firstBlock,
        to: head,
      })
      expect(await dumpModelDb(dbs.model)).toBe(await dumpModelDb(fresh.model))
    } finally {
      await created.source.close?.()
      await dbs.close()
      await fresh.close()
    }
  }, 120_000)
})
