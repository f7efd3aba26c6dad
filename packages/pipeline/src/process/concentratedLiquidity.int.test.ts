// Concentrated-liquidity pools, their position manager and a Solidly-style
// pair, end to end on a real chain: anvil with the real Uniswap V3 factory,
// pool, NonfungiblePositionManager and SwapRouter (@uniswap/v3-core and
// v3-periphery) and @idx/testkit's Solidly pair, after its CL scenario (three
// positions over tick ranges, swaps across ticks both ways, increase, collect,
// decrease, burn, NFT transfer, Solidly swaps with fees), indexed through
// JSON-RPC. Every expected row comes from the chain — getLogs and the
// contracts' own views (`readClChainEvents`) — never from idx's code.

import { listClPositions } from '@idx/model-db'
import { listModelSources } from '@idx/shared-db'
import {
  type Anvil,
  createTestkitClient,
  deployMarket,
  type Market,
  marketConfigFiles,
  startAnvil,
  type TestkitClient,
  uniswapV2PairAbi,
} from '@idx/testkit'
import { type Address, parseEventLogs } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  type ClChainEvents,
  type Fraction,
  type LogLocation,
  openPositions,
  orientPrice,
  readClChainEvents,
} from '../_test/clChainEvents'
import { dumpModelDb } from '../_test/modelRows'
import { createScenarioDatabases, DB_KINDS, RPC_ENV, type ScenarioDatabases } from '../_test/scenario'
import type { BlockSource } from '../source/types'
import { createModelSource } from './createModelSource'
import { type IndexerModel, loadIndexerModel } from './loadIndexerModel'
import { runRange } from './runRange'

const lower = (address: string) => address.toLowerCase() as Address
const abs = (value: bigint) => (value < 0n ? -value : value)

/** `value` at 30 decimal places, rounded half to even, as PostgreSQL prints a NUMERIC(78,30). */
function at30({ numerator, denominator }: Fraction): string {
  const scaled = numerator * 10n ** 30n
  let mantissa = scaled / denominator
  const twice = (scaled % denominator) * 2n
  if (twice > denominator || (twice === denominator && mantissa % 2n === 1n)) mantissa += 1n
  const digits = mantissa.toString().padStart(31, '0')
  return `${digits.slice(0, -30)}.${digits.slice(-30)}`
}

/** The first fact after `at` in its transaction (chain order), if any. */
function nextInTransaction<fact extends LogLocation>(facts: readonly fact[], at: LogLocation) {
  return facts.find((fact) => fact.transactionHash === at.transactionHash && fact.logIndex > at.logIndex)
}

/** The last fact before `at` in its transaction, if any. */
function previousInTransaction<fact extends LogLocation>(facts: readonly fact[], at: LogLocation) {
  return facts.findLast((fact) => fact.transactionHash === at.transactionHash && fact.logIndex < at.logIndex)
}

const where = (fact: LogLocation) => ({
  block_number: `${fact.blockNumber}`,
  transaction_hash: lower(fact.transactionHash),
  log_index: fact.logIndex,
})

let anvil: Anvil
let client: TestkitClient
let market: Market
let cl: NonNullable<Market['cl']>
let chain: ClChainEvents
let blubIsToken0: boolean
let firstBlock: bigint
let lastBlock: bigint

beforeAll(async () => {
  anvil = await startAnvil()
  client = createTestkitClient({ rpcUrl: anvil.rpcUrl })
  market = await deployMarket(client, { concentratedLiquidity: true })
  cl = market.cl!
  firstBlock = market.blocks.first
  lastBlock = market.blocks.last
  chain = await readClChainEvents(client, {
    from: firstBlock,
    to: lastBlock,
    pools: [cl.pool.address],
    positionManagers: [cl.uniswapV3.positionManager],
    solidlyPairs: [cl.solidly.pair.address],
  })
  blubIsToken0 = lower(cl.pool.token0) === lower(market.tokens.blub)
}, 180_000)

afterAll(() => anvil?.stop())

/** The model's files: the market with its CL pool (a second pricing pool of BLUB), position manager and Solidly pair. */
const config = () => {
  const files = marketConfigFiles(market, { model: 'cl', rpcEnv: RPC_ENV, targetAsset: 'BLUB' })
  return { shared: files.shared, model: files.model }
}

/** A pool's amounts, token0/token1, as BLUB and WAVAX. */
const asBlubWavax = (amount0: bigint, amount1: bigint, token0IsBlub = blubIsToken0) =>
  token0IsBlub ? { blub: amount0, wavax: amount1 } : { blub: amount1, wavax: amount0 }

describe.each(DB_KINDS)('%s', (kind) => {
  let dbs: ScenarioDatabases
  let model: IndexerModel
  let source: BlockSource
  const pool = () => lower(cl.pool.address)
  const manager = () => lower(cl.uniswapV3.positionManager)

  beforeAll(async () => {
    dbs = await createScenarioDatabases(kind, config(), 'cl')
    const created = createModelSource({
      sources: await listModelSources(dbs.shared.client, 'cl'),
      env: { [RPC_ENV]: anvil.rpcUrl },
    })
    source = created.source
    model = await loadIndexerModel({ shared: dbs.shared, model: 'cl' })
    expect(model.skipped).toEqual([])
    const result = await runRange({ model, db: dbs.model, source, from: firstBlock, to: lastBlock })
    expect([result.failed, result.failedJobs]).toEqual([0, []])
  }, 120_000)
  afterAll(async () => {
    await source?.close?.()
    await dbs?.close()
  })

  test('default: every CL swap as the chain says — oriented, to the wei, with its pool state and exact price', async () => {
    expect(chain.pools.swaps).toHaveLength(cl.swaps.length)
    const expected = chain.pools.swaps.map((swap) => {
      // The pool's side: what it paid out (negative) the taker got.
      const got = asBlubWavax(-swap.amount0, -swap.amount1)
      return {
        ...where(swap),
        pool_type: 'uniswap_v3_pool',
        taker: lower(swap.transactionFrom),
        sender: lower(swap.sender),
        recipient: lower(swap.recipient),
        direction: got.blub > 0n ? 'buy' : 'sell',
        base_amount: `${abs(got.blub)}`,
        quote_amount: `${abs(got.wavax)}`,
        sqrt_price_x96: `${swap.sqrtPriceX96}`,
        liquidity: `${swap.liquidity}`,
        tick: swap.tick,
        pool_price: at30(
          orientPrice(swap.price, { baseIsToken0: blubIsToken0, baseDecimals: 18, quoteDecimals: 18 }),
        ),
      }
    })
    const stored = await dbs.model.query(
      `select block_number::text, transaction_hash, log_index, pool_type, taker, sender, recipient,
              direction::text as direction, base_amount::text, quote_amount::text, sqrt_price_x96::text,
              liquidity::text, tick, pool_price::text
         from pool_swap where pool = $1 order by block_number, log_index`,
      [pool()],
    )
    expect(stored).toEqual(expected)
    // Both ways, across the narrow position's ticks.
    expect(new Set(expected.map((swap) => swap.direction))).toEqual(new Set(['buy', 'sell']))
    const ticks = chain.pools.swaps.map((swap) => swap.tick)
    const { narrow } = cl.positions
    expect(Math.min(...ticks)).toBeLessThan(narrow.tickLower)
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(narrow.tickUpper)
  })

  test('behavior: CL swaps are priced DIRECT_AVAX (the WAVAX side), and are legs of their wallets’ trades', async () => {
    const rows = await dbs.model.query<{
      block_number: string
      log_index: number
      method: string
      tier: string
      value: string
      trade_id: string | null
    }>(
      `select s.block_number::text, s.log_index, v.method::text as method, v.tier::text as tier, v.value::text, s.trade_id
         from pool_swap s join swap_valuation v on v.block_number = s.block_number and v.log_index = s.log_index
        where s.pool = $1 and v.denomination = 'AVAX' order by s.block_number, s.log_index`,
      [pool()],
    )
    expect(rows).toEqual(
      chain.pools.swaps.map((swap) => ({
        block_number: `${swap.blockNumber}`,
        log_index: swap.logIndex,
        method: 'DIRECT_AVAX',
        tier: 'model_config',
        value: at30({
          numerator: abs(asBlubWavax(swap.amount0, swap.amount1).wavax),
          denominator: 10n ** 18n,
        }),
        trade_id: expect.any(String),
      })),
    )
  })

  test('behavior: BLUB’s canonical prices count the CL pool’s swaps (a pricing pool of the model)', async () => {
    const v2Swaps = parseEventLogs({
      abi: uniswapV2PairAbi,
      eventName: 'Swap',
      logs: await client.getLogs({
        address: market.pairs.blubWavax.address,
        fromBlock: firstBlock,
        toBlock: lastBlock,
      }),
    })
    const v2BlubIsToken0 = lower(market.pairs.blubWavax.token0) === lower(market.tokens.blub)
    const blubVolume = [
      ...chain.pools.swaps.map((swap) => abs(asBlubWavax(swap.amount0, swap.amount1).blub)),
      ...v2Swaps.map(({ args }) =>
        abs(
          asBlubWavax(args.amount0In - args.amount0Out, args.amount1In - args.amount1Out, v2BlubIsToken0)
            .blub,
        ),
      ),
    ].reduce((sum, amount) => sum + amount, 0n)
    const [row] = await dbs.model.query<{ swaps: number; volume: string }>(
      `select sum(swap_count)::int as swaps, sum(base_volume)::text as volume from canonical_price where token = $1`,
      [lower(market.tokens.blub)],
    )
    expect(row).toEqual({ swaps: chain.pools.swaps.length + v2Swaps.length, volume: `${blubVolume}` })
  })

  test('behavior: Mint and Burn are liquidity events with their tick range, liquidity and the position’s token id', async () => {
    const { increases, decreases, collects } = chain.positionManagers
    // The manager calls the pool, then logs the token id: IncreaseLiquidity after a Mint, DecreaseLiquidity
    // after a Burn, Collect after the zero Burn that updates a position's fees.
    const tokenId = (
      fact: LogLocation & { owner: Address },
      after: readonly (LogLocation & { tokenId: bigint })[],
    ) => (lower(fact.owner) === manager() ? `${nextInTransaction(after, fact)!.tokenId}` : null)
    const expected = [
      ...chain.pools.mints.map((mint) => ({
        ...where(mint),
        action: 'add',
        sender: lower(mint.sender),
        recipient: lower(mint.owner),
        amounts: asBlubWavax(mint.amount0, mint.amount1),
        tick_lower: mint.tickLower,
        tick_upper: mint.tickUpper,
        liquidity: `${mint.amount}`,
        position_token_id: tokenId(mint, increases),
      })),
      ...chain.pools.burns.map((burn) => ({
        ...where(burn),
        action: 'remove',
        sender: lower(burn.owner),
        recipient: null,
        amounts: asBlubWavax(burn.amount0, burn.amount1),
        tick_lower: burn.tickLower,
        tick_upper: burn.tickUpper,
        liquidity: `${burn.amount}`,
        position_token_id: tokenId(burn, burn.amount === 0n ? collects : decreases),
      })),
    ]
      .sort((a, b) => Number(BigInt(a.block_number) - BigInt(b.block_number)) || a.log_index - b.log_index)
      .map(({ amounts, ...row }) => ({
        ...row,
        base_amount: `${amounts.blub}`,
        quote_amount: `${amounts.wavax}`,
      }))
    // Three mints and an increase; a decrease and the zero Burns of collects.
    expect([chain.pools.mints.length, increases.length]).toEqual([4, 4])
    expect(chain.pools.burns.some((burn) => burn.amount === 0n)).toBe(true)
    expect(decreases).toHaveLength(1)
    const stored = await dbs.model.query(
      `select block_number::text, transaction_hash, log_index, action::text as action, sender, recipient,
              tick_lower, tick_upper, liquidity::text, position_token_id::text, base_amount::text, quote_amount::text
         from liquidity_event where pool = $1 order by block_number, log_index`,
      [pool()],
    )
    expect(stored).toEqual(expected)
  })

  test('behavior: the pool’s Collects are fee collections with the position’s range and token id', async () => {
    // The wide position collected twice (by its minter, then its new owner), the narrow one once.
    expect(chain.pools.collects).toHaveLength(3)
    const stored = await dbs.model.query(
      `select block_number::text, transaction_hash, log_index, kind::text as kind, owner, recipient, tick_lower, tick_upper,
              position_token_id::text, base_amount::text, quote_amount::text
         from fee_collection where pool = $1 order by block_number, log_index`,
      [pool()],
    )
    expect(stored).toEqual(
      chain.pools.collects.map((collect) => {
        const { blub, wavax } = asBlubWavax(collect.amount0, collect.amount1)
        return {
          ...where(collect),
          kind: 'position_collect',
          owner: lower(collect.owner),
          recipient: lower(collect.recipient),
          tick_lower: collect.tickLower,
          tick_upper: collect.tickUpper,
          position_token_id: `${nextInTransaction(chain.positionManagers.collects, collect)!.tokenId}`,
          base_amount: `${blub}`,
          quote_amount: `${wavax}`,
        }
      }),
    )
  })

  test('behavior: the manager’s events are position events with the pool, range and amounts of the pool event before them', async () => {
    const { increases, decreases, collects, transfers } = chain.positionManagers
    const linked = (
      action: string,
      facts: readonly (LogLocation & { tokenId: bigint; amount0: bigint; amount1: bigint })[],
      poolFacts: readonly (LogLocation & { tickLower: number; tickUpper: number })[],
      liquidity: (fact: never) => bigint,
      to: (fact: never) => string | null,
    ) =>
      facts.map((fact) => {
        const poolEvent = previousInTransaction(poolFacts, fact)!
        const { blub, wavax } = asBlubWavax(fact.amount0, fact.amount1)
        return {
          ...where(fact),
          action,
          token_id: `${fact.tokenId}`,
          pool: pool(),
          tick_lower: poolEvent.tickLower,
          tick_upper: poolEvent.tickUpper,
          liquidity_delta: `${liquidity(fact as never)}`,
          base_amount: `${blub}`,
          quote_amount: `${wavax}`,
          from_address: null,
          to_address: to(fact as never),
        }
      })
    const expected = [
      ...linked(
        'increase',
        increases,
        chain.pools.mints,
        (f: { liquidity: bigint }) => f.liquidity,
        () => null,
      ),
      ...linked(
        'decrease',
        decreases,
        chain.pools.burns,
        (f: { liquidity: bigint }) => -f.liquidity,
        () => null,
      ),
      ...linked(
        'collect',
        collects,
        chain.pools.collects,
        () => 0n,
        (f: { recipient: Address }) => lower(f.recipient),
      ),
      ...transfers.map((transfer) => ({
        ...where(transfer),
        action: 'transfer',
        token_id: `${transfer.tokenId}`,
        pool: null,
        tick_lower: null,
        tick_upper: null,
        liquidity_delta: '0',
        base_amount: null,
        quote_amount: null,
        from_address: lower(transfer.from),
        to_address: lower(transfer.to),
      })),
    ].sort((a, b) => Number(BigInt(a.block_number) - BigInt(b.block_number)) || a.log_index - b.log_index)
    // Three NFTs minted, one transferred, one burned.
    expect(transfers).toHaveLength(5)
    const stored = await dbs.model.query(
      `select block_number::text, transaction_hash, log_index, action::text as action, token_id::text, pool,
              tick_lower, tick_upper, liquidity_delta::text, base_amount::text, quote_amount::text, from_address, to_address
         from cl_position_event where manager = $1 order by block_number, log_index`,
      [manager()],
    )
    expect(stored).toEqual(expected)
  })

  test('behavior: the positions equal the manager’s positions(tokenId) and ownerOf at the end; burned ones are gone', async () => {
    const open = openPositions(chain)
    const expected = open
      .map((view) => ({
        manager: manager(),
        tokenId: view.tokenId,
        owner: lower(view.owner!),
        pool: pool(),
        tickLower: view.position!.tickLower,
        tickUpper: view.position!.tickUpper,
        liquidity: view.position!.liquidity,
      }))
      .sort((a, b) => Number(a.tokenId - b.tokenId))
    expect(await listClPositions(dbs.model)).toEqual(expected)
    // The narrow position was burned; the wide one changed hands.
    expect(expected.map((position) => position.tokenId)).toEqual([
      cl.positions.wide.tokenId,
      cl.positions.outOfRange.tokenId,
    ])
    expect(expected.map((position) => position.tokenId)).not.toContain(cl.positions.narrow.tokenId)
    expect(await listClPositions(dbs.model, { owner: cl.accounts.nftReceiver })).toEqual(
      expected.filter((position) => position.owner === lower(cl.accounts.nftReceiver)),
    )
    expect(
      (await listClPositions(dbs.model, { owner: cl.accounts.nftReceiver })).map(
        (position) => position.tokenId,
      ),
    ).toEqual([cl.positions.wide.tokenId])
  })

  test('behavior: the Solidly pair’s swaps, fees and syncs decode — swaps and fees stored, nothing undecodable', async () => {
    const pair = cl.solidly.pair
    const pairBlubIsToken0 = lower(pair.token0) === lower(market.tokens.blub)
    expect(chain.solidly.syncs.length).toBeGreaterThan(0)
    expect(await dbs.model.query('select address, reason from undecodable_log')).toEqual([])
    const swaps = await dbs.model.query(
      `select block_number::text, transaction_hash, log_index, pool_type, direction::text as direction,
              base_amount::text, quote_amount::text from pool_swap where pool = $1 order by block_number, log_index`,
      [lower(pair.address)],
    )
    expect(swaps).toEqual(
      chain.solidly.swaps.map((swap) => {
        const got = asBlubWavax(
          swap.amount0Out - swap.amount0In,
          swap.amount1Out - swap.amount1In,
          pairBlubIsToken0,
        )
        return {
          ...where(swap),
          pool_type: 'solidly_pair',
          direction: got.blub > 0n ? 'buy' : 'sell',
          base_amount: `${abs(got.blub)}`,
          quote_amount: `${abs(got.wavax)}`,
        }
      }),
    )
    const fees = await dbs.model.query(
      `select block_number::text, transaction_hash, log_index, kind::text as kind, owner, base_amount::text, quote_amount::text
         from fee_collection where pool = $1 order by block_number, log_index`,
      [lower(pair.address)],
    )
    expect(fees).toEqual(
      chain.solidly.fees.map((fee) => {
        const { blub, wavax } = asBlubWavax(fee.amount0, fee.amount1, pairBlubIsToken0)
        return {
          ...where(fee),
          kind: 'swap_fee',
          owner: lower(fee.sender),
          base_amount: `${blub}`,
          quote_amount: `${wavax}`,
        }
      }),
    )
    expect(fees.length).toBe(cl.solidly.swaps.length)
  })

  test('behavior: one worker, several workers, block by block and a re-run store the same rows', async () => {
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
  }, 120_000)
})
