// The aggregator events, checked against real Avalanche logs: every log the
// LFJ aggregator and the Odos v2 router emitted in the fixture blocks has the
// selector of an event of the registry's `dex_aggregator` ABI, decodes with viem,
// and says what the chain says (amounts read straight from the logs' words).

import { avalancheBlockNumbers, avalancheBlocksDir } from '@idx/testkit'
import { type AbiEvent, decodeEventLog, toEventSelector } from 'viem'
import { expect, test } from 'vitest'
import { readStoredBlock } from '../block/readStoredBlock'
import { dexAggregatorAbi } from './abis'

const LFJ_AGGREGATOR = '0x45a62b090df48243f12a21897e7ed91863e2c86b'
const ODOS_V2_ROUTER = '0x88de50b233052e4fb783d4f6db78cc34fea3e9fc'
const USDC = '0xb97ef9ef8734c71904d8002f8b6bc66dd9c48a6e'
const USDT = '0x9702230a8ea53601f5cd2dc00fdbc13d4df4a8c7'
const BLUB = '0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd'
const ZERO = '0x0000000000000000000000000000000000000000'

/** Every log of the two aggregators in the fixture blocks, with its block. */
async function aggregatorLogs() {
  const logs = []
  for (const number of avalancheBlockNumbers) {
    const block = await readStoredBlock(avalancheBlocksDir, number)
    for (const log of block.logs)
      if (log.address === LFJ_AGGREGATOR || log.address === ODOS_V2_ROUTER) logs.push({ number, log })
  }
  return logs
}

/** A 32-byte word of a log's data, as an unsigned integer. */
const word = (data: string, index: number) => BigInt(`0x${data.slice(2 + 64 * index, 66 + 64 * index)}`)

test('behavior: each selector is the topic0 of the real logs, and they decode with viem', async () => {
  const logs = await aggregatorLogs()
  expect(logs.map(({ number, log }) => `${number}:${log.logIndex} ${log.address}`)).toEqual([
    `61090576:6 ${ODOS_V2_ROUTER}`,
    `62288120:36 ${ODOS_V2_ROUTER}`,
    `62288120:39 ${LFJ_AGGREGATOR}`,
    `65297576:21 ${ODOS_V2_ROUTER}`,
    `65297576:23 ${LFJ_AGGREGATOR}`,
  ])
  const selectors = new Map(
    (dexAggregatorAbi as readonly AbiEvent[]).map((item) => [toEventSelector(item), item.name]),
  )
  const names = logs.map(({ log }) => selectors.get(log.topics[0]!))
  expect(names).toEqual(['Swap', 'Swap', 'SwapExactIn', 'Swap', 'SwapExactIn'])
  expect(toEventSelector('Swap(address,uint256,address,uint256,address,int256,uint32)')).toBe(
    logs[0]!.log.topics[0],
  )
  expect(toEventSelector('SwapExactIn(address,address,address,address,uint256,uint256)')).toBe(
    logs[2]!.log.topics[0],
  )
  for (const { log } of logs) {
    const decoded = decodeEventLog({
      abi: dexAggregatorAbi,
      topics: log.topics as never,
      data: log.data,
      strict: true,
    })
    expect(decoded.eventName).toBe(selectors.get(log.topics[0]!))
  }
})

test('behavior: what the wallet paid and got, as the aggregators reported it', async () => {
  const logs = await aggregatorLogs()
  const decode = (index: number) => {
    const { log } = logs[index]!
    return {
      log,
      ...decodeEventLog({ abi: dexAggregatorAbi, topics: log.topics as never, data: log.data, strict: true }),
    }
  }

  // 61090576: a wallet sold BLUB on Odos for native AVAX (the zero address), a little under the quote.
  const odos = decode(0)
  const sold = odos.args as Record<string, string | bigint | number>
  expect(String(sold.sender).toLowerCase()).toBe('0x9c4ee585f15ff7d4e295802b5bf522712094649d')
  expect(String(sold.inputToken).toLowerCase()).toBe(BLUB)
  expect(sold.inputAmount).toBe(word(odos.log.data, 1))
  expect(sold.outputToken).toBe(ZERO)
  expect(sold.amountOut).toBe(word(odos.log.data, 3))
  expect(sold.slippage).toBe(word(odos.log.data, 5) - 2n ** 256n) // a negative int256
  expect(sold.slippage).toBeLessThan(0n)

  // 62288120: the LFJ aggregator's order: the wallet paid 500 USDC and got BLUB (Odos ran inside it).
  const lfj = decode(2)
  expect(lfj.eventName).toBe('SwapExactIn')
  const args = lfj.args as Record<string, string | bigint>
  expect(String(args.sender).toLowerCase()).toBe('0x18db8c00cc4cdd9a3c20671cfc34d33bff468653')
  expect(String(args.to).toLowerCase()).toBe('0x18db8c00cc4cdd9a3c20671cfc34d33bff468653')
  expect(String(args.tokenIn).toLowerCase()).toBe(USDC)
  expect(String(args.tokenOut).toLowerCase()).toBe(BLUB)
  expect(args.amountIn).toBe(500_000_000n) // 500 USDC (6 decimals)
  expect(args.amountOut).toBe(word(lfj.log.data, 4))
  // The inner Odos swap was made by LFJ's executor, not by the wallet.
  const inner = decode(1)
  expect(String((inner.args as { sender: string }).sender).toLowerCase()).toBe(
    '0xc04f291347d21dc663f7646056db22bff8ce8430',
  )

  // 65297576: a BLUB sell for USDt through the LFJ aggregator.
  const sell = decode(4).args as Record<string, string | bigint>
  expect([String(sell.tokenIn).toLowerCase(), String(sell.tokenOut).toLowerCase()]).toEqual([BLUB, USDT])
})

test("behavior: KyberSwap's and 1inch v4's Swapped has the selector their published routers emit", () => {
  // No fixture block holds one: the topic0 of MetaAggregationRouterV2's (and AggregationRouterV4's) Swapped.
  const swapped = (dexAggregatorAbi as readonly AbiEvent[]).find((item) => item.name === 'Swapped')!
  expect(toEventSelector(swapped)).toBe('0xd6d4f5681c246c9f42c203e287975af1601f8df8035a9251f79aab5c8f09e2f8')
  expect(
    swapped.inputs.map((input) => `${input.type}${input.indexed ? ' indexed' : ''} ${input.name}`),
  ).toEqual([
    'address sender',
    'address srcToken',
    'address dstToken',
    'address dstReceiver',
    'uint256 spentAmount',
    'uint256 returnAmount',
  ])
})
