import { parseEther, parseEventLogs, parseUnits } from 'viem'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { revert, snapshot } from './chain'
import { testSplitRouterAbi, uniswapV2PairAbi } from './contracts'
import { createTestkitClient, type TestkitClient } from './createTestkitClient'
import { deployMarket, type Market } from './deployMarket'
import { generateActivity } from './generateActivity'
import { fillSplitOrders, swapViaSplitRouter } from './splitRouter'
import { type Anvil, startAnvil } from './startAnvil'
import { readReserves } from './swap'
import { balanceOf } from './tokens'

let anvil: Anvil
let client: TestkitClient
let market: Market

beforeAll(async () => {
  anvil = await startAnvil()
  client = createTestkitClient({ rpcUrl: anvil.rpcUrl })
  market = await deployMarket(client, { splitRouter: true })
})
afterAll(() => anvil?.stop())
beforeEach(async () => {
  const id = await snapshot(client)
  return async () => {
    await revert(client, id)
  }
})

/** The pair `Swap` and router `SwapExactIn` events of a transaction, from its receipt. */
async function eventsOf(hash: `0x${string}`) {
  const receipt = await client.getTransactionReceipt({ hash })
  return parseEventLogs({
    abi: [...uniswapV2PairAbi, ...testSplitRouterAbi],
    logs: receipt.logs,
    strict: true,
  })
    .filter((event) => event.eventName === 'Swap' || event.eventName === 'SwapExactIn')
    .map((event) => ({ address: event.address.toLowerCase(), name: event.eventName, args: event.args }))
}

describe('deployMarket({ splitRouter: true })', () => {
  test('default: a second BLUB/WAVAX pair, seeded, and the split router', async () => {
    const pairB = market.pairs.blubWavaxB!
    expect(pairB.address).not.toBe(market.pairs.blubWavax.address)
    expect([pairB.token0, pairB.token1]).toEqual([
      market.pairs.blubWavax.token0,
      market.pairs.blubWavax.token1,
    ])
    const { reserve0, reserve1 } = await readReserves(client, pairB.address, 'latest')
    expect([reserve0, reserve1]).toEqual([parseEther('6000000'), parseEther('612')])
    expect(await client.getCode({ address: market.splitRouter! })).toBeDefined()
  })

  test('behavior: without it, the market is what it always was', async () => {
    const other = await startAnvil()
    try {
      const plain = await deployMarket(createTestkitClient({ rpcUrl: other.rpcUrl }))
      expect(plain.splitRouter).toBeUndefined()
      expect(plain.pairs.blubWavaxB).toBeUndefined()
      // The same contracts at the same addresses as the split market's.
      expect({ ...plain, blocks: undefined }).toEqual({
        ...market,
        blocks: undefined,
        splitRouter: undefined,
        factoryB: undefined,
        pairs: { ...market.pairs, blubWavaxB: undefined },
      })
    } finally {
      await other.stop()
    }
  })
})

describe('swapViaSplitRouter', () => {
  test('default: a buy split over both pairs: one Swap on each, the output to the trader, one SwapExactIn', async () => {
    const { wavax, blub } = market.tokens
    const trader = market.traders[0]!
    const before = await balanceOf(client, { token: blub, owner: trader })
    const result = await swapViaSplitRouter(client, {
      router: market.splitRouter!,
      tokenIn: wavax,
      amountIn: parseEther('3'),
      tokenOut: blub,
      steps: [
        { pair: market.pairs.blubWavax, tokenIn: wavax, shareBps: 4_000 },
        { pair: market.pairs.blubWavaxB!, tokenIn: wavax },
      ],
      from: trader,
    })
    const events = await eventsOf(result.hash)
    const router = market.splitRouter!.toLowerCase()
    expect(events.map((event) => [event.address, event.name])).toEqual([
      [market.pairs.blubWavax.address.toLowerCase(), 'Swap'],
      [market.pairs.blubWavaxB!.address.toLowerCase(), 'Swap'],
      [router, 'SwapExactIn'],
    ])
    // 40% of the WAVAX to the first pair, the rest to the second; each pays BLUB to the router.
    const [a, b, order] = events as { args: Record<string, unknown> }[]
    expect(a!.args).toMatchObject({ amount1In: parseEther('1.2'), amount0Out: result.stepsOut[0] })
    expect(b!.args).toMatchObject({ amount1In: parseEther('1.8'), amount0Out: result.stepsOut[1] })
    expect(String(a!.args.to).toLowerCase()).toBe(router)
    expect(result.amountOut).toBe(result.stepsOut[0]! + result.stepsOut[1]!)
    expect(order!.args).toEqual({
      sender: trader,
      to: trader,
      tokenIn: wavax,
      tokenOut: blub,
      amountIn: parseEther('3'),
      amountOut: result.amountOut,
    })
    expect((await balanceOf(client, { token: blub, owner: trader })) - before).toBe(result.amountOut)
  })

  test('behavior: a hop (USDC → WAVAX) then a split, and a cycle back to WAVAX', async () => {
    const { wavax, blub, usdc } = market.tokens
    const hop = await swapViaSplitRouter(client, {
      router: market.splitRouter!,
      tokenIn: usdc,
      amountIn: parseUnits('100', 6),
      tokenOut: blub,
      steps: [
        { pair: market.pairs.wavaxUsdc, tokenIn: usdc },
        { pair: market.pairs.blubWavax, tokenIn: wavax, shareBps: 5_000 },
        { pair: market.pairs.blubWavaxB!, tokenIn: wavax },
      ],
      from: market.traders[1]!,
    })
    expect((await eventsOf(hop.hash)).map((event) => event.name)).toEqual([
      'Swap',
      'Swap',
      'Swap',
      'SwapExactIn',
    ])
    const cycle = await swapViaSplitRouter(client, {
      router: market.splitRouter!,
      tokenIn: wavax,
      amountIn: parseEther('1'),
      tokenOut: wavax,
      steps: [
        { pair: market.pairs.blubWavax, tokenIn: wavax },
        { pair: market.pairs.blubWavaxB!, tokenIn: blub },
      ],
      from: market.traders[1]!,
    })
    const order = (await eventsOf(cycle.hash)).at(-1)!.args as Record<string, unknown>
    expect([order.tokenIn, order.tokenOut, order.amountOut]).toEqual([wavax, wavax, cycle.amountOut])
  })
})

describe('fillSplitOrders', () => {
  test("default: a relayer fills two owners' orders in one transaction, each reported to its owner", async () => {
    const { wavax, blub } = market.tokens
    const [relayer, buyer, seller] = market.traders as [`0x${string}`, `0x${string}`, `0x${string}`]
    const { orders, hash } = await fillSplitOrders(client, {
      router: market.splitRouter!,
      from: relayer,
      orders: [
        {
          owner: buyer,
          tokenIn: wavax,
          amountIn: parseEther('2'),
          tokenOut: blub,
          steps: [
            { pair: market.pairs.blubWavax, tokenIn: wavax, shareBps: 5_000 },
            { pair: market.pairs.blubWavaxB!, tokenIn: wavax },
          ],
        },
        {
          owner: seller,
          tokenIn: blub,
          amountIn: parseEther('5000'),
          tokenOut: wavax,
          steps: [{ pair: market.pairs.blubWavax, tokenIn: blub }],
        },
      ],
    })
    const receipt = await client.getTransactionReceipt({ hash })
    expect(receipt.from.toLowerCase()).toBe(relayer.toLowerCase())
    const reported = (await eventsOf(hash)).filter((event) => event.name === 'SwapExactIn').map((e) => e.args)
    expect(reported).toEqual([
      {
        sender: relayer,
        to: buyer,
        tokenIn: wavax,
        tokenOut: blub,
        amountIn: parseEther('2'),
        amountOut: orders[0]!.amountOut,
      },
      {
        sender: relayer,
        to: seller,
        tokenIn: blub,
        tokenOut: wavax,
        amountIn: parseEther('5000'),
        amountOut: orders[1]!.amountOut,
      },
    ])
  })
})

describe('generateActivity({ splitShare })', () => {
  test('behavior: every shape of aggregator trade, and the local copy follows the chain', async () => {
    const activity = await generateActivity(client, {
      market,
      blocks: 12,
      swapsPerBlock: 6,
      splitShare: 0.6,
      seed: 4,
    })
    const split = activity.actions.filter((action) => action.kind === 'splitTrade')
    expect(new Set(split.map((action) => action.shape))).toEqual(
      new Set(['splitBuy', 'splitSell', 'splitHop', 'cycle', 'batch']),
    )
    // Each order's steps are the router's Swap events, in order, and its SwapExactIn reports it.
    for (const action of split) {
      const events = await eventsOf(action.hash)
      const steps = action.orders.flatMap((order) => order.steps)
      expect(events.filter((event) => event.name === 'Swap').map((event) => event.address)).toEqual(
        steps.map((step) => step.pair.toLowerCase()),
      )
      expect(
        events
          .filter((event) => event.name === 'SwapExactIn')
          .map((event) => (event.args as { amountOut: bigint }).amountOut),
      ).toEqual(action.orders.map((order) => order.amountOut))
    }
    // generateActivity checks its reserves against the chain at the end; the swaps it counted are on the chain.
    const logs = await client.getLogs({ fromBlock: activity.fromBlock, toBlock: activity.toBlock })
    const swaps = parseEventLogs({ abi: uniswapV2PairAbi, logs, eventName: 'Swap' })
    expect(swaps.length).toBe(activity.counts.swaps)
  }, 60_000)
})
