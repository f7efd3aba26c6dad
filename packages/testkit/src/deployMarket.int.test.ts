import {
  getAddress,
  type Log,
  parseEther,
  parseEventLogs,
  parseUnits,
  toEventSelector,
  zeroAddress,
} from 'viem'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { inOneBlock, revert, snapshot } from './chain'
import {
  testAggregatorAbi,
  testTokenAbi,
  uniswapV2FactoryAbi,
  uniswapV2PairAbi,
  type V2Pair,
  wrappedNativeAbi,
} from './contracts'
import { createTestkitClient, type TestkitClient } from './createTestkitClient'
import { deployMarket, type Market } from './deployMarket'
import { addLiquidity, removeLiquidity } from './liquidity'
import { readLatestRoundData, updateAnswer } from './priceFeed'
import { type Anvil, startAnvil } from './startAnvil'
import { readReserves, swap, swapViaRouter } from './swap'
import { balanceOf, transfer, unwrap, wrap } from './tokens'
import { getAmountOut, MINIMUM_LIQUIDITY } from './v2Math'

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

const allAbis = [...uniswapV2PairAbi, ...testTokenAbi, ...wrappedNativeAbi, ...testAggregatorAbi]
const events = (logs: Log[]) => parseEventLogs({ abi: allAbis, logs, strict: true })

describe('deployMarket', () => {
  test('default: tokens, pairs, feed, funded traders and seeded liquidity', async () => {
    const { blub, usdc, wavax } = market.tokens
    const read = (address: `0x${string}`, functionName: 'symbol' | 'decimals') =>
      client.readContract({ address, abi: testTokenAbi, functionName })
    expect(await Promise.all([blub, usdc, wavax].map((token) => read(token, 'symbol')))).toEqual([
      'BLUB',
      'USDC',
      'WAVAX',
    ])
    expect(await Promise.all([blub, usdc, wavax].map((token) => read(token, 'decimals')))).toEqual([
      18, 6, 18,
    ])

    // same token order as on Avalanche: BLUB/WAVAX (token0 BLUB), WAVAX/USDC (token0 WAVAX)
    expect(market.pairs.blubWavax).toMatchObject({ token0: blub, token1: wavax })
    expect(market.pairs.wavaxUsdc).toMatchObject({ token0: wavax, token1: usdc })
    expect(
      await client.readContract({
        address: market.factory,
        abi: uniswapV2FactoryAbi,
        functionName: 'getPair',
        args: [wavax, blub],
      }),
    ).toBe(market.pairs.blubWavax.address)

    expect(await readReserves(client, market.pairs.blubWavax.address, 'latest')).toEqual({
      reserve0: parseEther('10000000'),
      reserve1: parseEther('1000'),
    })
    expect(await readReserves(client, market.pairs.wavaxUsdc.address, 'latest')).toEqual({
      reserve0: parseEther('1000'),
      reserve1: parseUnits('25000', 6),
    })
    expect(await balanceOf(client, { token: usdc, owner: market.traders[0]! })).toBe(parseUnits('100000', 6))
    expect(await balanceOf(client, { token: wavax, owner: market.traders[8]! })).toBe(parseEther('1000'))
    expect(
      await client.readContract({
        address: market.aggregator,
        abi: testAggregatorAbi,
        functionName: 'decimals',
      }),
    ).toBe(8)
    expect(await readLatestRoundData(client, { aggregator: market.aggregator })).toMatchObject({
      roundId: 1n,
      answer: 25_00000000n,
    })
    expect(market.blocks.last).toBe(await client.getBlockNumber())
  })
})

describe('swaps', () => {
  test('default: a block with several swaps holds exactly the expected logs, amounts from the reserves', async () => {
    const { blubWavax, wavaxUsdc } = market.pairs
    const { blub, usdc, wavax } = market.tokens
    const [t1, t2, t3] = market.traders as [`0x${string}`, `0x${string}`, `0x${string}`]
    const before = {
      [blubWavax.address]: await readReserves(client, blubWavax.address, 'latest'),
      [wavaxUsdc.address]: await readReserves(client, wavaxUsdc.address, 'latest'),
    }

    const { result, block, receipts } = await inOneBlock(client, async () => [
      await swap(client, { pair: blubWavax, tokenIn: wavax, amountIn: parseEther('2'), from: t1 }),
      await swap(client, { pair: blubWavax, tokenIn: blub, amountIn: parseEther('50000'), from: t2 }),
      await swap(client, { pair: wavaxUsdc, tokenIn: usdc, amountIn: parseUnits('100', 6), from: t3 }),
    ])
    expect(receipts).toHaveLength(6) // a transfer to the pair and a swap per trade
    expect(block.transactions).toEqual(result.flatMap((r) => r.hashes))

    // expected amounts, replaying the V2 formula over the reserves in order
    const reserves = structuredClone(before)
    const expected = [
      [blubWavax, wavax, parseEther('2')],
      [blubWavax, blub, parseEther('50000')],
      [wavaxUsdc, usdc, parseUnits('100', 6)],
    ] as const
    const expectedSwaps = expected.map(([pair, tokenIn, amountIn]: readonly [V2Pair, string, bigint]) => {
      const r = reserves[pair.address]!
      const zeroForOne = tokenIn === pair.token0
      const out = zeroForOne
        ? getAmountOut(amountIn, r.reserve0, r.reserve1)
        : getAmountOut(amountIn, r.reserve1, r.reserve0)
      r.reserve0 += zeroForOne ? amountIn : -out
      r.reserve1 += zeroForOne ? -out : amountIn
      return {
        pair: pair.address,
        amount0In: zeroForOne ? amountIn : 0n,
        amount1In: zeroForOne ? 0n : amountIn,
        amount0Out: zeroForOne ? 0n : out,
        amount1Out: zeroForOne ? out : 0n,
        sync: { ...r },
      }
    })
    expect(result.map((r) => r.amountOut)).toEqual(
      expectedSwaps.map((s) => (s.amount0Out === 0n ? s.amount1Out : s.amount0Out)),
    )

    const logs = events(receipts.flatMap((receipt) => receipt.logs))
    expect(logs.map((log) => log.eventName)).toEqual([
      ...['Transfer', 'Transfer', 'Sync', 'Swap'], // trade 1: transfer in; out, Sync, Swap
      ...['Transfer', 'Transfer', 'Sync', 'Swap'],
      ...['Transfer', 'Transfer', 'Sync', 'Swap'],
    ])
    const swaps = logs.filter((log) => log.eventName === 'Swap')
    expect(
      swaps.map((log) => ({
        pair: getAddress(log.address),
        amount0In: log.args.amount0In,
        amount1In: log.args.amount1In,
        amount0Out: log.args.amount0Out,
        amount1Out: log.args.amount1Out,
      })),
    ).toEqual(expectedSwaps.map(({ sync: _, ...s }) => s))
    expect(swaps.map((log) => [log.args.sender, log.args.to])).toEqual([
      [t1, t1],
      [t2, t2],
      [t3, t3],
    ])
    const syncs = logs.filter((log) => log.eventName === 'Sync')
    expect(syncs.map((log) => ({ reserve0: log.args.reserve0, reserve1: log.args.reserve1 }))).toEqual(
      expectedSwaps.map((s) => s.sync),
    )
    expect(syncs.every((log, i) => log.address === expectedSwaps[i]!.pair.toLowerCase())).toBe(true)
  })

  test('swapViaRouter: a two-hop trade is one transaction with a Swap per pair', async () => {
    const { blubWavax, wavaxUsdc } = market.pairs
    const trader = market.traders[0]!
    const { result, receipts } = await inOneBlock(client, () =>
      swapViaRouter(client, {
        router: market.router,
        route: [blubWavax, wavaxUsdc],
        tokenIn: market.tokens.blub,
        amountIn: parseEther('100000'),
        from: trader,
      }),
    )
    expect(receipts).toHaveLength(1)
    const logs = events(receipts[0]!.logs)
    expect(logs.map((log) => `${log.eventName}@${log.address}`)).toEqual([
      `Transfer@${market.tokens.blub.toLowerCase()}`, // trader → BLUB/WAVAX
      `Transfer@${market.tokens.wavax.toLowerCase()}`, // BLUB/WAVAX → WAVAX/USDC
      `Sync@${blubWavax.address.toLowerCase()}`,
      `Swap@${blubWavax.address.toLowerCase()}`,
      `Transfer@${market.tokens.usdc.toLowerCase()}`, // WAVAX/USDC → trader
      `Sync@${wavaxUsdc.address.toLowerCase()}`,
      `Swap@${wavaxUsdc.address.toLowerCase()}`,
    ])
    const swaps = logs.filter((log) => log.eventName === 'Swap')
    expect(swaps.map((log) => [log.args.sender, log.args.to])).toEqual([
      [market.router, wavaxUsdc.address],
      [market.router, trader],
    ])
    expect(swaps[0]!.args).toMatchObject({
      amount0In: parseEther('100000'),
      amount1Out: result.amountsOut[0],
    })
    expect(swaps[1]!.args).toMatchObject({ amount0In: result.amountsOut[0], amount1Out: result.amountOut })
  })

  test('error: a token the pair does not hold', async () => {
    await expect(
      swap(client, {
        pair: market.pairs.blubWavax,
        tokenIn: market.tokens.usdc,
        amountIn: 1n,
        from: market.traders[0]!,
      }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TokenNotInPairError: Token "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" is not one of the two tokens of pair "0x7852f1234c7540cB33D2a5117a5794ACEB204b96".]`,
    )
  })
})

describe('liquidity', () => {
  test('addLiquidity then removeLiquidity: Mint and Burn with the computed amounts', async () => {
    const pair = market.pairs.wavaxUsdc
    const lp = market.traders[4]!
    const added = await addLiquidity(client, { pair, amount0: parseEther('10'), from: lp })
    expect(added.amount1).toBe(parseUnits('250', 6))
    const mint = events((await client.getTransactionReceipt({ hash: added.hashes[2] })).logs)
    expect(mint.map((log) => log.eventName)).toEqual(['Transfer', 'Sync', 'Mint'])
    expect(mint[0]!.args).toMatchObject({ from: zeroAddress, to: lp, value: added.liquidity })
    expect(mint[2]!.args).toMatchObject({ amount0: parseEther('10'), amount1: parseUnits('250', 6) })
    expect(await balanceOf(client, { token: pair.address, owner: lp })).toBe(added.liquidity)

    const removed = await removeLiquidity(client, { pair, liquidity: added.liquidity, from: lp })
    const burn = events((await client.getTransactionReceipt({ hash: removed.hashes[1] })).logs)
    expect(burn.map((log) => log.eventName)).toEqual(['Transfer', 'Transfer', 'Transfer', 'Sync', 'Burn'])
    expect(burn[4]!.args).toMatchObject({ amount0: removed.amount0, amount1: removed.amount1, to: lp })
    expect(removed.amount0).toBeGreaterThan(parseEther('9.99'))
    expect(await balanceOf(client, { token: pair.address, owner: lp })).toBe(0n)
    expect(MINIMUM_LIQUIDITY).toBe(1000n)
  })
})

describe('wrapped native', () => {
  test('wrap, transfer, unwrap: the events of WAVAX/WETH9, exactly', async () => {
    const [alice, bob] = market.traders as [`0x${string}`, `0x${string}`]
    const { receipts } = await inOneBlock(client, async () => {
      await wrap(client, { wavax: market.tokens.wavax, from: alice, amount: parseEther('3') })
      await transfer(client, { token: market.tokens.wavax, from: alice, to: bob, amount: parseEther('1') })
      await unwrap(client, { wavax: market.tokens.wavax, from: bob, amount: parseEther('1') })
    })
    const logs = receipts.map((receipt) => receipt.logs[0]!)
    // the topics WAVAX emits on Avalanche
    expect(logs.map((log) => log.topics[0])).toEqual([
      '0xe1fffcc4923d04b559f4d29a8bfc6cda04eb5b0d3c460751c2402c5c5cc9109c', // Deposit(address indexed dst, uint wad)
      '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef', // Transfer(address indexed src, address indexed dst, uint wad)
      '0x7fcf532c15f0a6db0bd6d0e038bea71d30d808c7d98cb3bf7268a95bf5081b65', // Withdrawal(address indexed src, uint wad)
    ])
    expect(receipts.map((receipt) => receipt.logs.length)).toEqual([1, 1, 1])
    expect(parseEventLogs({ abi: wrappedNativeAbi, logs }).map((log) => log.args)).toEqual([
      { dst: alice, wad: parseEther('3') },
      { src: alice, dst: bob, wad: parseEther('1') },
      { src: bob, wad: parseEther('1') },
    ])
  })
})

describe('price feed', () => {
  test('updateAnswer: AnswerUpdated as Chainlink emits it, and latestRoundData', async () => {
    const hash = await updateAnswer(client, { aggregator: market.aggregator, answer: 26_50000000n })
    const receipt = await client.getTransactionReceipt({ hash })
    const block = await client.getBlock({ blockNumber: receipt.blockNumber })
    const answerUpdated = receipt.logs.find(
      (log) => log.topics[0] === toEventSelector('AnswerUpdated(int256,uint256,uint256)'),
    )!
    expect(answerUpdated.topics[0]).toBe('0x0559884fd3a460db3073b7fc896cc77986f16e378210ded43186175bf646fc5f')
    expect(events([answerUpdated])[0]!.args).toEqual({
      current: 26_50000000n,
      roundId: 2n,
      updatedAt: block.timestamp,
    })
    expect(await readLatestRoundData(client, { aggregator: market.aggregator })).toEqual({
      roundId: 2n,
      answer: 26_50000000n,
      startedAt: block.timestamp,
      updatedAt: block.timestamp,
      answeredInRound: 2n,
    })
    // the answer as of an earlier block is still readable there
    expect(
      (await readLatestRoundData(client, { aggregator: market.aggregator, blockNumber: market.blocks.last }))
        .answer,
    ).toBe(25_00000000n)
  })

  test('updateAnswer with updatedAt: a stale answer', async () => {
    const now = (await client.getBlock()).timestamp
    const heartbeat = 86_400n
    await updateAnswer(client, {
      aggregator: market.aggregator,
      answer: 24_00000000n,
      updatedAt: now - 2n * heartbeat,
    })
    const block = await client.getBlock()
    const round = await readLatestRoundData(client, { aggregator: market.aggregator })
    expect(round.answer).toBe(24_00000000n)
    expect(round.updatedAt).toBe(now - 2n * heartbeat)
    expect(block.timestamp - round.updatedAt).toBeGreaterThan(heartbeat)
  })
})
