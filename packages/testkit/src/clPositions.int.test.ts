import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import {
  type Address,
  encodeAbiParameters,
  getContractAddress,
  type Hash,
  keccak256,
  maxUint256,
  parseEther,
  parseEventLogs,
} from 'viem'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { avalancheBlocksDir } from './avalancheFixtures'
import { revert, snapshot } from './chain'
import { encodeSqrtPriceX96, tickRange } from './clMath'
import {
  burnPosition,
  collectPosition,
  decreaseLiquidity,
  increaseLiquidity,
  mintPosition,
  readPosition,
  transferPosition,
} from './clPositions'
import { clSwap } from './clSwap'
import { nonfungiblePositionManagerAbi, uniswapV3PoolAbi } from './contracts'
import { createTestkitClient, type TestkitClient } from './createTestkitClient'
import { deployMarket, type Market } from './deployMarket'
import {
  type ClPool,
  createClPool,
  deployUniswapV3,
  readClPoolState,
  type UniswapV3,
} from './deployUniswapV3'
import { type Anvil, startAnvil } from './startAnvil'
import { approve, balanceOf } from './tokens'

let anvil: Anvil
let client: TestkitClient
let market: Market
let v3: UniswapV3
let pool: ClPool
let lp: Address
let trader: Address

beforeAll(async () => {
  anvil = await startAnvil()
  client = createTestkitClient({ rpcUrl: anvil.rpcUrl })
  market = await deployMarket(client)
  v3 = await deployUniswapV3(client, { wrappedNative: market.tokens.wavax })
  // BLUB is token0 on a fresh chain (asserted below): 1 BLUB = 0.0001 WAVAX.
  pool = await createClPool(client, {
    factory: v3.factory,
    tokenA: market.tokens.blub,
    tokenB: market.tokens.wavax,
    sqrtPriceX96: encodeSqrtPriceX96(10_000n, 1n),
  })
  ;[lp, trader] = market.traders as [Address, Address]
  for (const token of [pool.token0, pool.token1]) {
    await approve(client, { token, from: lp, spender: v3.positionManager, amount: maxUint256 })
    await approve(client, { token, from: trader, spender: v3.swapRouter, amount: maxUint256 })
  }
})
afterAll(() => anvil?.stop())
beforeEach(async () => {
  const id = await snapshot(client)
  return async () => {
    await revert(client, id)
  }
})

/** The events of one transaction, from its receipt, decoded with the pool's and the manager's ABIs. */
async function eventsOf(hash: Hash) {
  const { logs } = await client.getTransactionReceipt({ hash })
  return parseEventLogs({ abi: [...uniswapV3PoolAbi, ...nonfungiblePositionManagerAbi], logs })
}

async function mintAround(spacingsBelow: number, spacingsAbove: number, blub: bigint, wavax: bigint) {
  const { tick } = await readClPoolState(client, pool.address)
  const range = tickRange({ tick, tickSpacing: pool.tickSpacing, spacingsBelow, spacingsAbove })
  const minted = await mintPosition(client, {
    positionManager: v3.positionManager,
    pool,
    ...range,
    amount0Desired: blub,
    amount1Desired: wavax,
    from: lp,
  })
  return { ...range, ...minted }
}

describe('deployUniswapV3 / createClPool', () => {
  test('behavior: the factory deploys pools at the address the periphery computes (POOL_INIT_CODE_HASH)', async () => {
    const require = createRequire(import.meta.url)
    const source = readFileSync(
      require.resolve('@uniswap/v3-periphery/contracts/libraries/PoolAddress.sol'),
      'utf8',
    )
    const initCodeHash = /POOL_INIT_CODE_HASH = (0x[0-9a-f]{64})/.exec(source)?.[1] as Hash
    expect(initCodeHash).toMatch(/^0x[0-9a-f]{64}$/)
    const salt = keccak256(
      encodeAbiParameters(
        [{ type: 'address' }, { type: 'address' }, { type: 'uint24' }],
        [pool.token0, pool.token1, pool.fee],
      ),
    )
    expect(
      getContractAddress({ opcode: 'CREATE2', from: v3.factory, salt, bytecodeHash: initCodeHash }),
    ).toBe(pool.address)
  })

  test('default: fee 3000, tick spacing 60, BLUB token0, initialised at the requested price', async () => {
    expect({
      fee: pool.fee,
      tickSpacing: pool.tickSpacing,
      token0: pool.token0,
      token1: pool.token1,
    }).toEqual({
      fee: 3000,
      tickSpacing: 60,
      token0: market.tokens.blub,
      token1: market.tokens.wavax,
    })
    const state = await readClPoolState(client, pool.address, 'latest')
    expect(state.sqrtPriceX96).toBe(encodeSqrtPriceX96(10_000n, 1n))
    expect(state.liquidity).toBe(0n)
    // 1.0001^tick ≤ 0.0001 < 1.0001^(tick+1)
    expect(1.0001 ** state.tick <= 1e-4 && 1e-4 < 1.0001 ** (state.tick + 1)).toBe(true)
  })
})

test('behavior: the Pharaoh CL pool’s real Swap (block 62288120) decodes with the V3 pool ABI', () => {
  const block = JSON.parse(readFileSync(`${avalancheBlocksDir}/62288120.json`, 'utf8')) as {
    receipts: { logs: { address: string; topics: [Hash, ...Hash[]]; data: Hash }[] }[]
  }
  const logs = block.receipts
    .flatMap((receipt) => receipt.logs)
    .filter((log) => log.address.toLowerCase() === '0x3fc41c1ae339322ab87b6ba48e30781d88a304d4')
  const events = parseEventLogs({ abi: uniswapV3PoolAbi, logs: logs as never, strict: true })
  expect(logs.length).toBeGreaterThan(0)
  expect(events.map((event) => event.eventName)).toEqual(logs.map(() => 'Swap'))
})

describe('positions', () => {
  test('mintPosition: the manager view, the pool Mint and the manager events agree with what it returns', async () => {
    const minted = await mintAround(5, 5, parseEther('100000'), parseEther('10'))
    expect(
      await client.readContract({
        address: v3.positionManager,
        abi: nonfungiblePositionManagerAbi,
        functionName: 'ownerOf',
        args: [minted.tokenId],
      }),
    ).toBe(lp)
    const position = await readPosition(client, {
      positionManager: v3.positionManager,
      tokenId: minted.tokenId,
    })
    expect(position).toMatchObject({
      token0: pool.token0,
      token1: pool.token1,
      fee: 3000,
      tickLower: minted.tickLower,
      tickUpper: minted.tickUpper,
      liquidity: minted.liquidity,
      tokensOwed0: 0n,
      tokensOwed1: 0n,
    })
    const events = await eventsOf(minted.hash)
    const mint = events.find((event) => event.eventName === 'Mint')
    expect(mint?.args).toMatchObject({
      owner: v3.positionManager,
      tickLower: minted.tickLower,
      tickUpper: minted.tickUpper,
      amount: minted.liquidity,
      amount0: minted.amount0,
      amount1: minted.amount1,
    })
    expect(events.find((event) => event.eventName === 'IncreaseLiquidity')?.args).toEqual({
      tokenId: minted.tokenId,
      liquidity: minted.liquidity,
      amount0: minted.amount0,
      amount1: minted.amount1,
    })
    expect(
      events.find(
        (event) =>
          event.eventName === 'Transfer' && event.address.toLowerCase() === v3.positionManager.toLowerCase(),
      )?.args,
    ).toEqual({ from: '0x0000000000000000000000000000000000000000', to: lp, tokenId: minted.tokenId })
    // In range: both tokens went in, one of them up to its desired amount.
    expect(minted.amount0 > 0n && minted.amount1 > 0n).toBe(true)
    expect(minted.amount0 === parseEther('100000') || minted.amount1 === parseEther('10')).toBe(true)
  })

  test('mintPosition: a range wholly above the price takes only token0', async () => {
    const minted = await mintAround(-3, 6, parseEther('5000'), parseEther('1'))
    const { tick } = await readClPoolState(client, pool.address)
    expect(minted.tickLower > tick).toBe(true)
    expect([minted.amount0 > 0n, minted.amount1]).toEqual([true, 0n])
  })

  test('increase, decrease, collect, burn: the view follows each step and the tokens come back', async () => {
    const minted = await mintAround(10, 10, parseEther('100000'), parseEther('10'))
    const { positionManager } = v3
    const { tokenId } = minted
    const added = await increaseLiquidity(client, {
      positionManager,
      tokenId,
      amount0Desired: parseEther('1000'),
      amount1Desired: parseEther('0.1'),
      from: lp,
    })
    expect((await readPosition(client, { positionManager, tokenId })).liquidity).toBe(
      minted.liquidity + added.liquidity,
    )
    const total = minted.liquidity + added.liquidity
    const removed = await decreaseLiquidity(client, { positionManager, tokenId, liquidity: total, from: lp })
    const burnEvent = (await eventsOf(removed.hash)).find((event) => event.eventName === 'Burn')
    expect(burnEvent?.args).toMatchObject({
      owner: positionManager,
      amount: total,
      amount0: removed.amount0,
      amount1: removed.amount1,
    })
    const afterDecrease = await readPosition(client, { positionManager, tokenId })
    expect({
      liquidity: afterDecrease.liquidity,
      tokensOwed0: afterDecrease.tokensOwed0,
      tokensOwed1: afterDecrease.tokensOwed1,
    }).toEqual({ liquidity: 0n, tokensOwed0: removed.amount0, tokensOwed1: removed.amount1 })
    const [before0, before1] = await Promise.all(
      [pool.token0, pool.token1].map((token) => balanceOf(client, { token, owner: lp })),
    )
    const collected = await collectPosition(client, { positionManager, tokenId, from: lp })
    expect([collected.amount0, collected.amount1]).toEqual([removed.amount0, removed.amount1])
    const [after0, after1] = await Promise.all(
      [pool.token0, pool.token1].map((token) => balanceOf(client, { token, owner: lp })),
    )
    expect([after0! - before0!, after1! - before1!]).toEqual([removed.amount0, removed.amount1])
    const poolCollect = (await eventsOf(collected.hash)).find(
      (event) => event.eventName === 'Collect' && event.address.toLowerCase() === pool.address.toLowerCase(),
    )
    expect(poolCollect?.args).toMatchObject({
      owner: positionManager,
      recipient: lp,
      amount0: removed.amount0,
      amount1: removed.amount1,
    })
    await burnPosition(client, { positionManager, tokenId, from: lp })
    await expect(readPosition(client, { positionManager, tokenId })).rejects.toThrow(/Invalid token ID/)
  })

  test('transferPosition: safeTransferFrom and transferFrom change the owner; the new owner collects', async () => {
    const minted = await mintAround(5, 5, parseEther('100000'), parseEther('10'))
    const [, , first, second] = market.traders as Address[]
    const ownerOf = () =>
      client.readContract({
        address: v3.positionManager,
        abi: nonfungiblePositionManagerAbi,
        functionName: 'ownerOf',
        args: [minted.tokenId],
      })
    const safe = await transferPosition(client, {
      positionManager: v3.positionManager,
      tokenId: minted.tokenId,
      from: lp,
      to: first!,
    })
    expect(await ownerOf()).toBe(first)
    expect((await eventsOf(safe)).find((event) => event.eventName === 'Transfer')?.args).toEqual({
      from: lp,
      to: first,
      tokenId: minted.tokenId,
    })
    await transferPosition(client, {
      positionManager: v3.positionManager,
      tokenId: minted.tokenId,
      from: first!,
      to: second!,
      method: 'transferFrom',
    })
    expect(await ownerOf()).toBe(second)
    await clSwap(client, {
      swapRouter: v3.swapRouter,
      pool,
      tokenIn: pool.token1,
      amountIn: parseEther('1'),
      from: trader,
    })
    const collected = await collectPosition(client, {
      positionManager: v3.positionManager,
      tokenId: minted.tokenId,
      from: second!,
    })
    // Fees of a token1 swap are paid in token1.
    expect(collected.amount1 > 0n).toBe(true)
    await expect(
      collectPosition(client, { positionManager: v3.positionManager, tokenId: minted.tokenId, from: lp }),
    ).rejects.toThrow(/Not approved/)
  })
})

describe('clSwap', () => {
  test('behavior: swaps both ways cross the ticks of a narrow position; the pool Swap matches the router', async () => {
    await mintAround(50, 50, parseEther('200000'), parseEther('20'))
    const narrow = await mintAround(2, 2, parseEther('50000'), parseEther('5'))
    const before = await readClPoolState(client, pool.address)
    expect(narrow.tickLower <= before.tick && before.tick < narrow.tickUpper).toBe(true)

    const sell = await clSwap(client, {
      swapRouter: v3.swapRouter,
      pool,
      tokenIn: pool.token0,
      amountIn: parseEther('150000'),
      from: trader,
    })
    const afterSell = await readClPoolState(client, pool.address)
    expect(afterSell.tick < narrow.tickLower).toBe(true)
    expect(afterSell.liquidity < before.liquidity).toBe(true) // left the narrow range
    const sellSwap = (await eventsOf(sell.hash)).find((event) => event.eventName === 'Swap')
    expect(sellSwap?.args).toEqual({
      sender: v3.swapRouter,
      recipient: trader,
      amount0: sell.amountIn,
      amount1: -sell.amountOut,
      sqrtPriceX96: afterSell.sqrtPriceX96,
      liquidity: afterSell.liquidity,
      tick: afterSell.tick,
    })

    const buy = await clSwap(client, {
      swapRouter: v3.swapRouter,
      pool,
      tokenIn: pool.token1,
      amountIn: parseEther('40'),
      from: trader,
    })
    const afterBuy = await readClPoolState(client, pool.address)
    expect(afterBuy.tick >= narrow.tickUpper).toBe(true)
    const buySwap = (await eventsOf(buy.hash)).find((event) => event.eventName === 'Swap')
    expect(buySwap?.args).toMatchObject({
      amount0: -buy.amountOut,
      amount1: buy.amountIn,
      tick: afterBuy.tick,
    })
  })
})
