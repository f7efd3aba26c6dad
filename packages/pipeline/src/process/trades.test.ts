// Trades as the wallet saw them, end to end on a real chain: anvil with real
// Uniswap V2 pairs (two BLUB/WAVAX pools, WAVAX/USDC, and a BLUB/USDC pool the
// model does not track) and an aggregator-style router of our own
// (TestSplitRouter), indexed through JSON-RPC for a model whose asset is BLUB.
// Every expected trade is computed here from the chain's own events (getLogs of
// the pairs' Swap and the router's SwapExactIn, the pairs' token0/token1, the
// transactions' sender and recipient) — never with idx's code — and every value
// exactly from the WAVAX the BLUB legs moved and the feed's answer.

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
import { dumpModelDb } from '../_test/modelRows'
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
