import { type Address, parseEventLogs, zeroAddress } from 'viem'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type RunClScenarioReturnType, runClScenario, SOLIDLY_FEE_RECIPIENT } from './clScenario'
import { nonfungiblePositionManagerAbi, solidlyPairAbi, uniswapV3PoolAbi } from './contracts'
import { createTestkitClient, type TestkitClient } from './createTestkitClient'
import { deployMarket, type Market } from './deployMarket'
import { readSolidlyReserves } from './solidlyPair'
import { type Anvil, startAnvil } from './startAnvil'
import { balanceOf } from './tokens'

let anvil: Anvil
let client: TestkitClient
let market: Market
let scenario: RunClScenarioReturnType

beforeAll(async () => {
  anvil = await startAnvil()
  client = createTestkitClient({ rpcUrl: anvil.rpcUrl })
  market = await deployMarket(client)
  scenario = await runClScenario(client, { market })
})
afterAll(() => anvil?.stop())

const logsOf = async <const abi extends readonly unknown[]>(abi: abi, address: Address) =>
  parseEventLogs({
    abi: abi as never,
    logs: await client.getLogs({ address, fromBlock: scenario.fromBlock, toBlock: scenario.toBlock }),
    strict: true,
  }) as unknown as ReturnType<typeof parseEventLogs<abi>>

test('default: the scenario ends on the chain head and its pool is BLUB/WAVAX', async () => {
  expect(scenario.toBlock).toBe(await client.getBlockNumber())
  expect(scenario.fromBlock).toBe(market.blocks.last + 1n)
  expect([scenario.pool.token0, scenario.pool.token1].sort()).toEqual(
    [market.tokens.blub, market.tokens.wavax].sort(),
  )
})

test('behavior: three positions over different ranges, one out of range when minted', async () => {
  const events = await logsOf(uniswapV3PoolAbi, scenario.pool.address)
  const initialize = events.find((event) => event.eventName === 'Initialize')
  const mints = events.filter((event) => event.eventName === 'Mint')
  expect(initialize?.args.tick).toBe(scenario.startTick)
  const { wide, narrow, outOfRange } = scenario.positions
  const ranges = [wide, narrow, outOfRange].map(({ tickLower, tickUpper }) => ({ tickLower, tickUpper }))
  // The three opening mints (all in one block, before any swap), then the wide position's increase.
  expect(mints.map(({ args }) => ({ tickLower: args.tickLower, tickUpper: args.tickUpper }))).toEqual([
    ...ranges,
    ranges[0],
  ])
  expect(new Set(ranges.map((range) => `${range.tickLower}:${range.tickUpper}`)).size).toBe(3)
  for (const mint of mints) expect(mint.args.owner).toBe(scenario.uniswapV3.positionManager)
  const startTick = initialize!.args.tick
  const outOfRangeMint = mints[2]!.args
  expect(outOfRangeMint.tickLower > startTick || outOfRangeMint.tickUpper <= startTick).toBe(true)
  expect(outOfRangeMint.amount0 === 0n || outOfRangeMint.amount1 === 0n).toBe(true)
  expect([wide, narrow].every((range) => range.tickLower <= startTick && startTick < range.tickUpper)).toBe(
    true,
  )
})

test('behavior: swaps both ways over several blocks cross initialised ticks', async () => {
  const events = await logsOf(uniswapV3PoolAbi, scenario.pool.address)
  const swaps = events.filter((event) => event.eventName === 'Swap')
  expect(swaps.map((swap) => swap.transactionHash)).toEqual(scenario.swaps.map((swap) => swap.hash))
  for (const [i, swap] of swaps.entries()) {
    const sent = scenario.swaps[i]!
    const inIs0 = sent.tokenIn === scenario.pool.token0
    expect([swap.args.amount0, swap.args.amount1]).toEqual(
      inIs0 ? [sent.amountIn, -sent.amountOut] : [-sent.amountOut, sent.amountIn],
    )
  }
  expect(new Set(swaps.map((swap) => swap.blockNumber)).size).toBeGreaterThanOrEqual(3)
  expect(swaps.some((swap) => swap.args.amount0 > 0n) && swaps.some((swap) => swap.args.amount0 < 0n)).toBe(
    true,
  )
  // A tick is crossed when a position's boundary lies between the ticks before and after a swap.
  const boundaries = Object.values(scenario.positions).flatMap((position) => [
    position.tickLower,
    position.tickUpper,
  ])
  let tick = scenario.startTick
  let crossings = 0
  let liquidityChanges = 0
  let liquidity: bigint | undefined
  for (const swap of swaps) {
    const [low, high] = tick < swap.args.tick ? [tick, swap.args.tick] : [swap.args.tick, tick]
    crossings += boundaries.filter((boundary) => low < boundary && boundary <= high).length
    if (liquidity !== undefined && liquidity !== swap.args.liquidity) liquidityChanges++
    tick = swap.args.tick
    liquidity = swap.args.liquidity
  }
  expect(crossings).toBeGreaterThanOrEqual(4)
  expect(liquidityChanges).toBeGreaterThanOrEqual(2)
})

test('behavior: the narrow position is burned, the wide one changed owner, fees were collected by both owners', async () => {
  const { positionManager } = scenario.uniswapV3
  const { wide, narrow, outOfRange } = scenario.positions
  const ownerOf = (tokenId: bigint) =>
    client.readContract({
      address: positionManager,
      abi: nonfungiblePositionManagerAbi,
      functionName: 'ownerOf',
      args: [tokenId],
    })
  expect(await ownerOf(wide.tokenId)).toBe(scenario.accounts.nftReceiver)
  expect(await ownerOf(outOfRange.tokenId)).toBe(scenario.accounts.outOfRangeLp)
  await expect(ownerOf(narrow.tokenId)).rejects.toThrow(/owner query for nonexistent token/)
  const events = await logsOf(nonfungiblePositionManagerAbi, positionManager)
  const transfers = events.filter((event) => event.eventName === 'Transfer').map((event) => event.args)
  expect(transfers).toContainEqual({
    from: scenario.accounts.wideLp,
    to: scenario.accounts.nftReceiver,
    tokenId: wide.tokenId,
  })
  expect(transfers).toContainEqual({
    from: scenario.accounts.narrowLp,
    to: zeroAddress,
    tokenId: narrow.tokenId,
  })
  const decreases = events
    .filter((event) => event.eventName === 'DecreaseLiquidity')
    .map((event) => event.args)
  expect(decreases.map((decrease) => decrease.tokenId)).toEqual([narrow.tokenId])
  const poolCollects = (await logsOf(uniswapV3PoolAbi, scenario.pool.address)).filter(
    (event) => event.eventName === 'Collect',
  )
  expect(poolCollects.map((collect) => collect.args.recipient)).toEqual([
    scenario.accounts.wideLp,
    scenario.accounts.narrowLp,
    scenario.accounts.nftReceiver,
  ])
  // The narrow position paid back what its decrease released, plus fees.
  const narrowCollect = poolCollects[1]!.args
  expect(
    narrowCollect.amount0 >= decreases[0]!.amount0 && narrowCollect.amount1 >= decreases[0]!.amount1,
  ).toBe(true)
})

test('behavior: the Solidly pair swapped both ways; fees went to the recipient; reserves equal the last Sync', async () => {
  const { pair } = scenario.solidly
  const events = await logsOf(solidlyPairAbi, pair.address)
  const swaps = events.filter((event) => event.eventName === 'Swap')
  expect(
    swaps.some((swap) => swap.args.amount0In > 0n) && swaps.some((swap) => swap.args.amount1In > 0n),
  ).toBe(true)
  expect(swaps.map((swap) => swap.transactionHash)).toEqual(scenario.solidly.swaps.map((swap) => swap.hash))
  const fees = events.filter((event) => event.eventName === 'Fees')
  const feeBalances = await Promise.all(
    [pair.token0, pair.token1].map((token) => balanceOf(client, { token, owner: SOLIDLY_FEE_RECIPIENT })),
  )
  expect(feeBalances).toEqual([
    fees.reduce((sum, fee) => sum + fee.args.amount0, 0n),
    fees.reduce((sum, fee) => sum + fee.args.amount1, 0n),
  ])
  const syncs = events.filter((event) => event.eventName === 'Sync')
  expect(syncs.at(-1)?.args).toEqual(await readSolidlyReserves(client, pair.address, 'latest'))
  expect(events.filter((event) => event.eventName === 'Mint')).toHaveLength(1)
  expect(events.filter((event) => event.eventName === 'Burn')).toHaveLength(1)
})

test('deployMarket: concentratedLiquidity runs the scenario after the market; off by default', async () => {
  const other = await startAnvil()
  try {
    const otherClient = createTestkitClient({ rpcUrl: other.rpcUrl })
    const withCl = await deployMarket(otherClient, { concentratedLiquidity: true })
    expect(withCl.cl?.pool.address).toBe(scenario.pool.address) // same transactions, same addresses
    expect(withCl.blocks.last).toBe(await otherClient.getBlockNumber())
    expect(withCl.blocks.last).toBe(withCl.cl?.toBlock)
    expect(await otherClient.getCode({ address: withCl.cl!.uniswapV3.positionManager })).toMatch(
      /^0x[0-9a-f]{100,}/,
    )
    expect(market.cl).toBeUndefined()
  } finally {
    other.stop()
  }
})
