import {
  type Abi,
  type AbiEvent,
  type Address,
  getAddress,
  parseEther,
  parseEventLogs,
  toEventSelector,
} from 'viem'
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { inOneBlock, revert, snapshot } from './chain'
import { solidlyPairAbi, uniswapV2PairAbi } from './contracts'
import { createTestkitClient, type TestkitClient } from './createTestkitClient'
import { deployMarket, type Market } from './deployMarket'
import {
  addSolidlyLiquidity,
  deploySolidlyPair,
  readSolidlyReserves,
  removeSolidlyLiquidity,
  type SolidlyPair,
  solidlySwap,
} from './solidlyPair'
import { type Anvil, startAnvil } from './startAnvil'
import { balanceOf } from './tokens'

const FEE_RECIPIENT: Address = getAddress('0x000000000000000000000000000000000000fee5')

let anvil: Anvil
let client: TestkitClient
let market: Market
let pair: SolidlyPair
let lp: Address
let trader: Address

beforeAll(async () => {
  anvil = await startAnvil()
  client = createTestkitClient({ rpcUrl: anvil.rpcUrl })
  market = await deployMarket(client)
  pair = await deploySolidlyPair(client, {
    tokenA: market.tokens.blub,
    tokenB: market.tokens.wavax,
    feeRecipient: FEE_RECIPIENT,
  })
  ;[lp, trader] = market.traders as [Address, Address]
  await addSolidlyLiquidity(client, {
    pair,
    amount0: parseEther('500000'),
    amount1: parseEther('50'),
    from: lp,
  })
})
afterAll(() => anvil?.stop())
beforeEach(async () => {
  const id = await snapshot(client)
  return async () => {
    await revert(client, id)
  }
})

test('behavior: the events carry the Solidly topics; Swap, Mint and Burn are V2’s, Sync is not', () => {
  const topic = (name: string) => {
    const event = (solidlyPairAbi as Abi).find(
      (item): item is AbiEvent => item.type === 'event' && item.name === name,
    )
    if (event === undefined) throw new Error(`SolidlyPair has no event ${name}.`)
    return toEventSelector(event)
  }
  expect({
    Fees: topic('Fees'),
    Sync: topic('Sync'),
    Swap: topic('Swap'),
    Mint: topic('Mint'),
    Burn: topic('Burn'),
    Transfer: topic('Transfer'),
  }).toEqual({
    Fees: toEventSelector('Fees(address,uint256,uint256)'),
    Sync: toEventSelector('Sync(uint256,uint256)'),
    Swap: toEventSelector('Swap(address,uint256,uint256,uint256,uint256,address)'),
    Mint: toEventSelector('Mint(address,uint256,uint256)'),
    Burn: toEventSelector('Burn(address,uint256,uint256,address)'),
    Transfer: toEventSelector('Transfer(address,address,uint256)'),
  })
  const v2 = (name: string) => {
    const event = (uniswapV2PairAbi as Abi).find(
      (item): item is AbiEvent => item.type === 'event' && item.name === name,
    )
    return event === undefined ? undefined : toEventSelector(event)
  }
  expect([v2('Swap'), v2('Mint'), v2('Burn')]).toEqual([topic('Swap'), topic('Mint'), topic('Burn')])
  expect(v2('Sync')).not.toBe(topic('Sync'))
})

test('behavior: swaps both ways — reserves equal the last Sync, fees leave the reserves for the recipient', async () => {
  const { reserve0: r0, reserve1: r1 } = await readSolidlyReserves(client, pair.address)
  const { result, block } = await inOneBlock(client, async () => [
    await solidlySwap(client, { pair, tokenIn: pair.token0, amountIn: parseEther('10000'), from: trader }),
    await solidlySwap(client, { pair, tokenIn: pair.token1, amountIn: parseEther('2'), from: trader }),
  ])
  const logs = await client.getLogs({ address: pair.address, fromBlock: block.number, toBlock: block.number })
  const events = parseEventLogs({ abi: solidlyPairAbi, logs, strict: true })
  const swaps = events.filter((event) => event.eventName === 'Swap').map((event) => event.args)
  expect(swaps).toEqual([
    {
      sender: trader,
      to: trader,
      amount0In: parseEther('10000'),
      amount1In: 0n,
      amount0Out: 0n,
      amount1Out: result[0]!.amountOut,
    },
    {
      sender: trader,
      to: trader,
      amount0In: 0n,
      amount1In: parseEther('2'),
      amount0Out: result[1]!.amountOut,
      amount1Out: 0n,
    },
  ])
  const fees = events.filter((event) => event.eventName === 'Fees').map((event) => event.args)
  expect(fees).toEqual([
    { sender: trader, amount0: (parseEther('10000') * 20n) / 10_000n, amount1: 0n },
    { sender: trader, amount0: 0n, amount1: (parseEther('2') * 20n) / 10_000n },
  ])
  const syncs = events.filter((event) => event.eventName === 'Sync').map((event) => event.args)
  const reserves = await readSolidlyReserves(client, pair.address, 'latest')
  expect(syncs.at(-1)).toEqual(reserves)
  // What stays in the reserves: the input less its fee, less the output.
  expect(reserves).toEqual({
    reserve0: r0 + parseEther('10000') - fees[0]!.amount0 - result[1]!.amountOut,
    reserve1: r1 + parseEther('2') - fees[1]!.amount1 - result[0]!.amountOut,
  })
  expect(reserves.reserve0 * reserves.reserve1 >= r0 * r1).toBe(true)
  const [fee0, fee1] = await Promise.all(
    [pair.token0, pair.token1].map((token) => balanceOf(client, { token, owner: FEE_RECIPIENT })),
  )
  expect([fee0, fee1]).toEqual([fees[0]!.amount0, fees[1]!.amount1])
})

test('addSolidlyLiquidity / removeSolidlyLiquidity: Mint, Burn and the LP token’s Transfers', async () => {
  const before = await readSolidlyReserves(client, pair.address)
  const added = await addSolidlyLiquidity(client, {
    pair,
    amount0: parseEther('1000'),
    amount1: parseEther('0.1'),
    from: lp,
  })
  const mintEvents = parseEventLogs({
    abi: solidlyPairAbi,
    logs: (await client.getTransactionReceipt({ hash: added.hashes[2] })).logs,
  })
  expect(mintEvents.map((event) => event.eventName)).toEqual(['Transfer', 'Sync', 'Mint'])
  expect(mintEvents.at(-1)?.args).toEqual({
    sender: lp,
    amount0: parseEther('1000'),
    amount1: parseEther('0.1'),
  })
  const liquidity = await client.readContract({
    address: pair.address,
    abi: solidlyPairAbi,
    functionName: 'balanceOf',
    args: [lp],
  })
  const removed = await removeSolidlyLiquidity(client, { pair, liquidity: liquidity / 2n, from: lp })
  const burnEvents = parseEventLogs({
    abi: solidlyPairAbi,
    logs: (await client.getTransactionReceipt({ hash: removed.hashes[1] })).logs,
    strict: true,
  })
  const burn = burnEvents.find((event) => event.eventName === 'Burn')
  const supply = await client.readContract({
    address: pair.address,
    abi: solidlyPairAbi,
    functionName: 'totalSupply',
    blockNumber: (await client.getBlockNumber()) - 1n,
  })
  const reservesBefore = {
    reserve0: before.reserve0 + parseEther('1000'),
    reserve1: before.reserve1 + parseEther('0.1'),
  }
  expect(burn?.args).toEqual({
    sender: lp,
    to: lp,
    amount0: ((liquidity / 2n) * reservesBefore.reserve0) / supply,
    amount1: ((liquidity / 2n) * reservesBefore.reserve1) / supply,
  })
})
