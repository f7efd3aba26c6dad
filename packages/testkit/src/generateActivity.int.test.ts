import { parseEventLogs } from 'viem'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { revert, snapshot } from './chain'
import { testAggregatorAbi, uniswapV2PairAbi, wrappedNativeAbi } from './contracts'
import { createTestkitClient, type TestkitClient } from './createTestkitClient'
import { deployMarket, type Market } from './deployMarket'
import { generateActivity } from './generateActivity'
import { type Anvil, startAnvil } from './startAnvil'

let anvil: Anvil
let client: TestkitClient
let market: Market

beforeAll(async () => {
  anvil = await startAnvil()
  client = createTestkitClient({ rpcUrl: anvil.rpcUrl })
  market = await deployMarket(client)
})
afterAll(() => anvil?.stop())
beforeEach(async () => {
  const id = await snapshot(client)
  return async () => {
    await revert(client, id)
  }
})

async function logsOf(fromBlock: bigint, toBlock: bigint) {
  const logs = await client.getLogs({ fromBlock, toBlock })
  return parseEventLogs({ abi: [...uniswapV2PairAbi, ...testAggregatorAbi, ...wrappedNativeAbi], logs })
}

describe('generateActivity', () => {
  test('default: every block holds exactly swapsPerBlock swaps, and the actions match the logs', async () => {
    const activity = await generateActivity(client, { market, blocks: 30, seed: 7 })
    expect(activity.toBlock - activity.fromBlock).toBe(29n)
    expect(activity.fromBlock).toBe(market.blocks.last + 1n)
    expect(activity.blocks.map((block) => block.swaps)).toEqual(Array(30).fill(8))
    expect(activity.counts).toMatchObject({
      swaps: 240,
      transfers: 60,
      priceUpdates: 3,
      liquidityChanges: 1,
      wraps: 6,
    })

    const logs = await logsOf(activity.fromBlock, activity.toBlock)
    const swaps = logs.filter((log) => log.eventName === 'Swap')
    expect(swaps).toHaveLength(240)
    for (const block of activity.blocks) {
      expect(swaps.filter((log) => log.blockNumber === block.number)).toHaveLength(8)
    }
    expect(logs.filter((log) => log.eventName === 'AnswerUpdated')).toHaveLength(3)
    expect(logs.filter((log) => log.eventName === 'Burn')).toHaveLength(1)

    // each trade's Swap logs carry the amounts the generator computed
    const trades = activity.actions.filter((action) => action.kind === 'trade')
    expect(trades.some((trade) => trade.route.length === 2)).toBe(true)
    for (const trade of trades) {
      const tradeSwaps = swaps.filter((log) => log.transactionHash === trade.hash)
      expect(tradeSwaps).toHaveLength(trade.route.length)
      tradeSwaps.forEach((log, hop) => {
        expect(log.blockNumber).toBe(trade.blockNumber)
        expect(log.args.amount0Out + log.args.amount1Out).toBe(trade.amountsOut[hop])
      })
      expect(tradeSwaps[0]!.args.amount0In + tradeSwaps[0]!.args.amount1In).toBe(trade.amountIn)
    }
  })

  test('behavior: the same seed gives the same chain, block hash for block hash', async () => {
    const other = await startAnvil()
    try {
      const otherClient = createTestkitClient({ rpcUrl: other.rpcUrl })
      const otherMarket = await deployMarket(otherClient)
      expect(otherMarket).toEqual(market)
      const a = await generateActivity(client, { market, blocks: 12, seed: 3 })
      const b = await generateActivity(otherClient, { market: otherMarket, blocks: 12, seed: 3 })
      expect(b.blocks).toEqual(a.blocks)
      expect(b.actions).toEqual(a.actions)
    } finally {
      await other.stop()
    }
  })

  test('args: seed changes the chain', async () => {
    const id = await snapshot(client)
    const a = await generateActivity(client, { market, blocks: 3, seed: 1 })
    await revert(client, id)
    const b = await generateActivity(client, { market, blocks: 3, seed: 2 })
    expect(b.blocks.map((block) => block.number)).toEqual(a.blocks.map((block) => block.number))
    expect(b.blocks[0]!.hash).not.toBe(a.blocks[0]!.hash)
  })

  test("args: via 'direct' sends a transfer and a pair swap per swap", async () => {
    const activity = await generateActivity(client, {
      market,
      blocks: 4,
      swapsPerBlock: 3,
      transfersPerBlock: 0,
      priceUpdateEvery: 0,
      liquidityEvery: 0,
      wrapEvery: 0,
      via: 'direct',
    })
    expect(activity.counts).toMatchObject({ transactions: 24, swaps: 12, trades: 12 })
    expect(activity.blocks.map((block) => block.transactions)).toEqual([6, 6, 6, 6])
    const swaps = (await logsOf(activity.fromBlock, activity.toBlock)).filter(
      (log) => log.eventName === 'Swap',
    )
    expect(swaps.every((log) => log.args.sender === log.args.to)).toBe(true)
  })
})
