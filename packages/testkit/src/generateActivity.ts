import { type Address, encodeFunctionData, type Hash, maxUint256, numberToHex, parseEther } from 'viem'
import { inOneBlock, mineOneBlock } from './chain'
import {
  isSameAddress,
  swapRouterAbi,
  testAggregatorAbi,
  testRouterAbi,
  testSplitRouterAbi,
  testTokenAbi,
  uniswapV2PairAbi,
  type V2Pair,
  wrappedNativeAbi,
} from './contracts'
import { createRandom } from './createRandom'
import type { TestkitClient } from './createTestkitClient'
import type { Market } from './deployMarket'
import { readReserves } from './swap'
import { approve } from './tokens'
import { getAmountOut, getAmountsBurned, getLiquidityMinted } from './v2Math'

export type GenerateActivityParameters = {
  /** A market deployed by `deployMarket` on this chain, with automine on and nothing pending. */
  market: Market
  /** Blocks to mine. */
  blocks: number
  /** Pair `Swap` events per block (default 8); a two-hop trade counts as two. */
  swapsPerBlock?: number | undefined
  /** Trader-to-trader token transfers per block (default 2). */
  transfersPerBlock?: number | undefined
  /** A new AVAX/USD answer (±2%) every this many blocks (default 10; 0 for never). */
  priceUpdateEvery?: number | undefined
  /** A liquidity removal or addition by the deployer, alternately, every this many blocks (default 25; 0 for never). */
  liquidityEvery?: number | undefined
  /** A wrap or unwrap of AVAX by a trader every this many blocks (default 5; 0 for never). */
  wrapEvery?: number | undefined
  /**
   * How swaps are sent: `router` (default) — one transaction per trade through the
   * testkit's router, the shape of real router trades; `direct` — a transfer to the pair
   * then `pair.swap`, two transactions per swap and no multi-hop trades.
   */
  via?: 'router' | 'direct' | undefined
  /** With `router`: share of trades that go BLUB↔USDC through both pairs (default 0.25). */
  multiHopShare?: number | undefined
  /**
   * On a market with a split router (`deployMarket({ splitRouter: true })`): share of trades
   * that go through it as an aggregator would send them (default 0: none) — a buy or a sell of
   * BLUB split over both BLUB/WAVAX pairs, USDC → WAVAX then split over them, a WAVAX → BLUB →
   * WAVAX cycle over the two pairs (an arbitrage), or a relayer filling two traders' orders in one
   * transaction — in turn. Each takes 2 or 3 of the block's `swapsPerBlock`.
   */
  splitShare?: number | undefined
  /**
   * On a market with its CL scenario (`deployMarket({ concentratedLiquidity: true })`): share of
   * single swaps sent to its BLUB/WAVAX concentrated-liquidity pool instead, through the V3
   * `SwapRouter` (`exactInputSingle`, a few hundred to a few thousand BLUB or a little WAVAX; the
   * traders approve the router in one block first). Default 0: none.
   */
  clShare?: number | undefined
  /** Seed of the deterministic random source (default 1). */
  seed?: number | undefined
  /** Called after each mined block (progress). */
  onBlock?: ((block: ActivityBlock) => void) | undefined
}

export type ActivityBlock = {
  number: bigint
  hash: Hash
  transactions: number
  /** Pair `Swap` events in the block. */
  swaps: number
}

export type ActivityAction = { blockNumber: bigint } & (
  | {
      kind: 'trade'
      /** The router trade's transaction, or (`direct`) the `pair.swap` transaction. */
      hash: Hash
      /** The input transfer when sent `direct`. */
      transferHash?: Hash | undefined
      trader: Address
      route: readonly Address[]
      tokenIn: Address
      tokenOut: Address
      amountIn: bigint
      /** Output of each hop. */
      amountsOut: readonly bigint[]
    }
  | { kind: 'transfer'; hash: Hash; token: Address; from: Address; to: Address; amount: bigint }
  | { kind: 'priceUpdate'; hash: Hash; roundId: bigint; answer: bigint }
  | {
      kind: 'addLiquidity' | 'removeLiquidity'
      hashes: readonly Hash[]
      pair: Address
      provider: Address
      amount0: bigint
      amount1: bigint
      liquidity: bigint
    }
  | { kind: 'wrap' | 'unwrap'; hash: Hash; account: Address; amount: bigint }
  | {
      kind: 'clSwap'
      /** The `exactInputSingle` transaction on the market's CL pool. */
      hash: Hash
      trader: Address
      tokenIn: Address
      amountIn: bigint
    }
  | {
      kind: 'splitTrade'
      /** What the orders are: `splitBuy`, `splitSell`, `splitHop`, `cycle`, or `batch` (two owners' orders). */
      shape: 'splitBuy' | 'splitSell' | 'splitHop' | 'cycle' | 'batch'
      hash: Hash
      /** Who sent the transaction (the owner, or a relayer for `batch`). */
      sender: Address
      orders: readonly {
        owner: Address
        tokenIn: Address
        amountIn: bigint
        tokenOut: Address
        amountOut: bigint
        steps: readonly { pair: Address; tokenIn: Address; amountIn: bigint; amountOut: bigint }[]
      }[]
    }
)

export type GenerateActivityReturnType = {
  fromBlock: bigint
  toBlock: bigint
  blocks: ActivityBlock[]
  /** Everything sent, in order, with the amounts the chain produced. */
  actions: ActivityAction[]
  counts: {
    transactions: number
    swaps: number
    /** Router trades, and orders through the split router. */
    trades: number
    transfers: number
    priceUpdates: number
    liquidityChanges: number
    wraps: number
  }
  durationMs: number
}

const GAS = {
  transfer: 100_000n,
  routerSwap: 250_000n,
  routerTwoHops: 400_000n,
  splitOrder: 900_000n,
  splitBatch: 1_600_000n,
  clSwap: 600_000n,
  pairSwap: 200_000n,
  mint: 300_000n,
  burn: 300_000n,
  priceUpdate: 200_000n,
  wrap: 100_000n,
}

/**
 * Mines `blocks` blocks of reproducible DeFi activity on a market from `deployMarket`:
 * each block holds exactly `swapsPerBlock` swaps spread over both pairs (single- and
 * two-hop trades), trader-to-trader transfers, and now and then a price update, a
 * liquidity change and a wrap or unwrap, in a shuffled order. The same seed on the same
 * chain gives the same blocks (the same block hashes, with `startAnvil`'s defaults).
 *
 * Fast by design: amounts are computed from a local copy of the market's state (with
 * the V2 formulas), transactions are sent with fixed gas limits and automine off, then
 * one block is mined and checked (all included, none reverted).
 *
 * @example
 * ```ts
 * const activity = await generateActivity(client, { market, blocks: 1_100, swapsPerBlock: 8, seed: 7 })
 * activity.counts.swaps // 8800
 * ```
 */
export async function generateActivity(
  client: TestkitClient,
  parameters: GenerateActivityParameters,
): Promise<GenerateActivityReturnType> {
  const started = performance.now()
  const { market } = parameters
  const swapsPerBlock = parameters.swapsPerBlock ?? 8
  const transfersPerBlock = parameters.transfersPerBlock ?? 2
  const priceUpdateEvery = parameters.priceUpdateEvery ?? 10
  const liquidityEvery = parameters.liquidityEvery ?? 25
  const wrapEvery = parameters.wrapEvery ?? 5
  const via = parameters.via ?? 'router'
  const multiHopShare = via === 'router' ? (parameters.multiHopShare ?? 0.25) : 0
  const splitRouter = market.splitRouter
  const splitShare =
    splitRouter !== undefined && market.pairs.blubWavaxB !== undefined ? (parameters.splitShare ?? 0) : 0
  const cl = market.cl
  const clShare = cl === undefined ? 0 : (parameters.clShare ?? 0)
  const random = createRandom(parameters.seed ?? 1)
  const { blub, usdc, wavax } = market.tokens
  const tokens = [blub, usdc, wavax] as const
  const traders = market.traders
  const provider = market.deployer

  const state = await readState(client, market)
  const balanceKey = (token: Address, owner: Address) => `${token.toLowerCase()}:${owner.toLowerCase()}`
  const balance = (token: Address, owner: Address) => state.balances.get(balanceKey(token, owner)) ?? 0n
  const credit = (token: Address, owner: Address, amount: bigint) =>
    state.balances.set(balanceKey(token, owner), balance(token, owner) + amount)

  const actions: ActivityAction[] = []
  const blocks: ActivityBlock[] = []
  const counts = {
    transactions: 0,
    swaps: 0,
    trades: 0,
    transfers: 0,
    priceUpdates: 0,
    liquidityChanges: 0,
    wraps: 0,
  }
  const described = new Map<Hash, string>()
  let blockActions: ActivityAction[] = []
  let liquidityTurn = 0
  let splitTurn = 0

  const send = async (
    what: string,
    from: Address,
    to: Address,
    data: `0x${string}`,
    gas: bigint,
    value?: bigint,
  ) => {
    const hash = (await client.request({
      method: 'eth_sendTransaction',
      params: [{ from, to, data, gas: numberToHex(gas), ...(value ? { value: numberToHex(value) } : {}) }],
    } as never)) as Hash
    described.set(hash, what)
    counts.transactions++
    return hash
  }
  const call = (abi: typeof testTokenAbi | typeof uniswapV2PairAbi, functionName: string, args: unknown[]) =>
    encodeFunctionData({ abi, functionName, args } as never)

  /** Applies a swap on the local pair state; returns the output. */
  const simulateSwap = (pairState: PairState, tokenIn: Address, amountIn: bigint) => {
    const zeroForOne = isSameAddress(tokenIn, pairState.pair.token0)
    const [reserveIn, reserveOut] = zeroForOne
      ? [pairState.reserve0, pairState.reserve1]
      : [pairState.reserve1, pairState.reserve0]
    const amountOut = getAmountOut(amountIn, reserveIn, reserveOut)
    if (zeroForOne) {
      pairState.reserve0 += amountIn
      pairState.reserve1 -= amountOut
    } else {
      pairState.reserve1 += amountIn
      pairState.reserve0 -= amountOut
    }
    return { amountOut, tokenOut: zeroForOne ? pairState.pair.token1 : pairState.pair.token0, zeroForOne }
  }
  const reserveOf = (pairState: PairState, token: Address) =>
    isSameAddress(token, pairState.pair.token0) ? pairState.reserve0 : pairState.reserve1

  /** An input amount: a small share of the pool, at most half the trader's balance. */
  const pickAmountIn = (pairState: PairState, tokenIn: Address, trader: Address) => {
    const amount = random.fraction(reserveOf(pairState, tokenIn), 0.0002, 0.003)
    const half = balance(tokenIn, trader) / 2n
    return amount < half ? amount : half
  }

  const singleSwap = async () => {
    const trader = random.pick(traders)
    const pairState = random.pick(state.pairs)
    let tokenIn = random.next() < 0.5 ? pairState.pair.token0 : pairState.pair.token1
    if (balance(tokenIn, trader) < 1_000n)
      tokenIn = isSameAddress(tokenIn, pairState.pair.token0) ? pairState.pair.token1 : pairState.pair.token0
    const amountIn = pickAmountIn(pairState, tokenIn, trader)
    const { amountOut, tokenOut, zeroForOne } = simulateSwap(pairState, tokenIn, amountIn)
    credit(tokenIn, trader, -amountIn)
    credit(tokenOut, trader, amountOut)
    const route = [pairState.pair.address]
    let hash: Hash
    let transferHash: Hash | undefined
    if (via === 'router') {
      hash = await send(
        `trade on ${pairState.pair.address}`,
        trader,
        market.router,
        encodeFunctionData({
          abi: testRouterAbi,
          functionName: 'swapExactTokensForTokens',
          args: [amountIn, amountOut, tokenIn, route, trader],
        }),
        GAS.routerSwap,
      )
    } else {
      transferHash = await send(
        'swap input transfer',
        trader,
        tokenIn,
        call(testTokenAbi, 'transfer', [pairState.pair.address, amountIn]),
        GAS.transfer,
      )
      hash = await send(
        `swap on ${pairState.pair.address}`,
        trader,
        pairState.pair.address,
        call(uniswapV2PairAbi, 'swap', [
          zeroForOne ? 0n : amountOut,
          zeroForOne ? amountOut : 0n,
          trader,
          '0x',
        ]),
        GAS.pairSwap,
      )
    }
    blockActions.push({
      kind: 'trade',
      blockNumber: 0n,
      hash,
      transferHash,
      trader,
      route,
      tokenIn,
      tokenOut,
      amountIn,
      amountsOut: [amountOut],
    })
    counts.swaps++
    counts.trades++
  }

  const twoHopSwap = async () => {
    const trader = random.pick(traders)
    let tokenIn: Address = random.next() < 0.5 ? blub : usdc
    if (balance(tokenIn, trader) < 1_000n) tokenIn = tokenIn === blub ? usdc : blub
    const [first, second] =
      tokenIn === blub ? [state.pairs[0]!, state.pairs[1]!] : [state.pairs[1]!, state.pairs[0]!]
    const amountIn = pickAmountIn(first, tokenIn, trader)
    const hop1 = simulateSwap(first, tokenIn, amountIn)
    const hop2 = simulateSwap(second, hop1.tokenOut, hop1.amountOut)
    credit(tokenIn, trader, -amountIn)
    credit(hop2.tokenOut, trader, hop2.amountOut)
    const route = [first.pair.address, second.pair.address]
    const hash = await send(
      'two-hop trade',
      trader,
      market.router,
      encodeFunctionData({
        abi: testRouterAbi,
        functionName: 'swapExactTokensForTokens',
        args: [amountIn, hop2.amountOut, tokenIn, route, trader],
      }),
      GAS.routerTwoHops,
    )
    blockActions.push({
      kind: 'trade',
      blockNumber: 0n,
      hash,
      trader,
      route,
      tokenIn,
      tokenOut: hop2.tokenOut,
      amountIn,
      amountsOut: [hop1.amountOut, hop2.amountOut],
    })
    counts.swaps += 2
    counts.trades++
  }

  /** The split router's arithmetic on the local state: each step swaps a share of what the router holds. */
  const runOrder = (
    owner: Address,
    tokenIn: Address,
    amountIn: bigint,
    tokenOut: Address,
    steps: readonly { pairState: PairState; tokenIn: Address; shareBps: number }[],
  ) => {
    const held = new Map<string, bigint>([[tokenIn.toLowerCase(), amountIn]])
    const holding = (token: Address) => held.get(token.toLowerCase()) ?? 0n
    const done: { pair: Address; tokenIn: Address; amountIn: bigint; amountOut: bigint }[] = []
    for (const step of steps) {
      const amount = (holding(step.tokenIn) * BigInt(step.shareBps)) / 10_000n
      const { amountOut, tokenOut: out } = simulateSwap(step.pairState, step.tokenIn, amount)
      held.set(step.tokenIn.toLowerCase(), holding(step.tokenIn) - amount)
      held.set(out.toLowerCase(), holding(out) + amountOut)
      done.push({ pair: step.pairState.pair.address, tokenIn: step.tokenIn, amountIn: amount, amountOut })
    }
    const amountOut = holding(tokenOut)
    credit(tokenIn, owner, -amountIn)
    credit(tokenOut, owner, amountOut)
    return {
      order: { owner, tokenIn, amountIn, tokenOut, amountOut, steps: done },
      call: {
        owner,
        tokenIn,
        amountIn,
        tokenOut,
        amountOutMin: amountOut,
        steps: steps.map((step) => ({
          pair: step.pairState.pair.address,
          tokenIn: step.tokenIn,
          shareBps: step.shareBps,
        })),
      },
    }
  }

  const SPLIT_SHAPES = [
    { shape: 'splitBuy', swaps: 2 },
    { shape: 'splitSell', swaps: 2 },
    { shape: 'splitHop', swaps: 3 },
    { shape: 'cycle', swaps: 2 },
    { shape: 'batch', swaps: 3 },
  ] as const
  type SplitShape = (typeof SPLIT_SHAPES)[number]['shape']

  const splitTrade = async (shape: SplitShape) => {
    const blubA = state.pairs[0]!
    const usdcPool = state.pairs[1]!
    const blubB = state.pairs[2]!
    const share = 3_000 + random.int(4_001) // 30% to 70% of the input to the first pool
    const buyOrder = (owner: Address) =>
      runOrder(owner, wavax, pickAmountIn(blubA, wavax, owner), blub, [
        { pairState: blubA, tokenIn: wavax, shareBps: share },
        { pairState: blubB, tokenIn: wavax, shareBps: 10_000 },
      ])
    const sellOrder = (owner: Address, pools: readonly PairState[]) =>
      runOrder(
        owner,
        blub,
        pickAmountIn(blubA, blub, owner),
        wavax,
        pools.map((pairState, index) => ({
          pairState,
          tokenIn: blub,
          shareBps: index + 1 < pools.length ? share : 10_000,
        })),
      )
    let sender = random.pick(traders)
    let made: ReturnType<typeof runOrder>[]
    if (shape === 'splitBuy') made = [buyOrder(sender)]
    else if (shape === 'splitSell') made = [sellOrder(sender, [blubA, blubB])]
    else if (shape === 'splitHop')
      made = [
        runOrder(sender, usdc, pickAmountIn(usdcPool, usdc, sender), blub, [
          { pairState: usdcPool, tokenIn: usdc, shareBps: 10_000 },
          { pairState: blubA, tokenIn: wavax, shareBps: share },
          { pairState: blubB, tokenIn: wavax, shareBps: 10_000 },
        ]),
      ]
    else if (shape === 'cycle') {
      // WAVAX → BLUB where BLUB is cheaper (more BLUB per WAVAX), back to WAVAX on the other pair.
      const priceA = (reserveOf(blubA, blub) * 10n ** 18n) / reserveOf(blubA, wavax)
      const priceB = (reserveOf(blubB, blub) * 10n ** 18n) / reserveOf(blubB, wavax)
      const [cheap, dear] = priceA >= priceB ? [blubA, blubB] : [blubB, blubA]
      const amount = random.fraction(reserveOf(cheap, wavax), 0.0001, 0.001)
      made = [
        runOrder(sender, wavax, amount, wavax, [
          { pairState: cheap, tokenIn: wavax, shareBps: 10_000 },
          { pairState: dear, tokenIn: blub, shareBps: 10_000 },
        ]),
      ]
    } else {
      // A relayer fills two other traders' orders: a split buy and a single-pool sell.
      const owners = random.shuffle(traders.filter((trader) => trader !== sender))
      const [buyer, seller] = [owners[0] ?? sender, owners[1] ?? sender]
      made = [buyOrder(buyer), sellOrder(seller, [blubA])]
    }
    if (shape !== 'batch') sender = made[0]!.order.owner
    const hash =
      shape === 'batch'
        ? await send(
            'split router batch',
            sender,
            splitRouter!,
            encodeFunctionData({
              abi: testSplitRouterAbi,
              functionName: 'swapBatch',
              args: [made.map((m) => m.call)],
            }),
            GAS.splitBatch,
          )
        : await send(
            `split router ${shape}`,
            sender,
            splitRouter!,
            encodeFunctionData({
              abi: testSplitRouterAbi,
              functionName: 'swap',
              args: [
                made[0]!.call.tokenIn,
                made[0]!.call.amountIn,
                made[0]!.call.tokenOut,
                made[0]!.call.amountOutMin,
                made[0]!.call.steps,
                sender,
              ],
            }),
            GAS.splitOrder,
          )
    blockActions.push({
      kind: 'splitTrade',
      blockNumber: 0n,
      shape,
      hash,
      sender,
      orders: made.map((m) => m.order),
    })
    counts.swaps += made.reduce((sum, m) => sum + m.order.steps.length, 0)
    counts.trades += made.length
  }

  const tokenTransfer = async () => {
    const from = random.pick(traders)
    const others = traders.filter((trader) => trader !== from)
    const to = others.length > 0 ? random.pick(others) : from
    const token = random.pick(tokens)
    const amount = random.fraction(balance(token, from), 0.001, 0.02)
    credit(token, from, -amount)
    credit(token, to, amount)
    const hash = await send(
      'transfer',
      from,
      token,
      call(testTokenAbi, 'transfer', [to, amount]),
      GAS.transfer,
    )
    blockActions.push({ kind: 'transfer', blockNumber: 0n, hash, token, from, to, amount })
    counts.transfers++
  }

  const priceUpdate = async () => {
    state.answer = (state.answer * BigInt(10_000 + random.int(401) - 200)) / 10_000n
    state.roundId += 1n
    const hash = await send(
      'price update',
      provider,
      market.aggregator,
      encodeFunctionData({ abi: testAggregatorAbi, functionName: 'updateAnswer', args: [state.answer] }),
      GAS.priceUpdate,
    )
    blockActions.push({
      kind: 'priceUpdate',
      blockNumber: 0n,
      hash,
      roundId: state.roundId,
      answer: state.answer,
    })
    counts.priceUpdates++
  }

  const liquidityChange = async () => {
    const pairState = random.pick(state.pairs)
    const { pair } = pairState
    const held0 = balance(pair.token0, provider)
    const held1 = balance(pair.token1, provider)
    if (liquidityTurn++ % 2 === 0 || held0 === 0n || held1 === 0n) {
      const liquidity = random.fraction(balance(pair.address, provider), 0.005, 0.02)
      const { amount0, amount1 } = getAmountsBurned({ liquidity, ...pairState })
      pairState.reserve0 -= amount0
      pairState.reserve1 -= amount1
      pairState.totalSupply -= liquidity
      credit(pair.address, provider, -liquidity)
      credit(pair.token0, provider, amount0)
      credit(pair.token1, provider, amount1)
      const hashes = [
        await send(
          'LP transfer',
          provider,
          pair.address,
          call(uniswapV2PairAbi, 'transfer', [pair.address, liquidity]),
          GAS.transfer,
        ),
        await send('burn', provider, pair.address, call(uniswapV2PairAbi, 'burn', [provider]), GAS.burn),
      ]
      blockActions.push({
        kind: 'removeLiquidity',
        blockNumber: 0n,
        hashes,
        pair: pair.address,
        provider,
        amount0,
        amount1,
        liquidity,
      })
    } else {
      // Add back what the provider holds, at the pool's current price.
      let amount0 = held0
      let amount1 = (held0 * pairState.reserve1) / pairState.reserve0
      if (amount1 > held1) {
        amount1 = held1
        amount0 = (held1 * pairState.reserve0) / pairState.reserve1
      }
      const liquidity = getLiquidityMinted({ amount0, amount1, ...pairState })
      pairState.reserve0 += amount0
      pairState.reserve1 += amount1
      pairState.totalSupply += liquidity
      credit(pair.address, provider, liquidity)
      credit(pair.token0, provider, -amount0)
      credit(pair.token1, provider, -amount1)
      const hashes = [
        await send(
          'LP deposit token0',
          provider,
          pair.token0,
          call(testTokenAbi, 'transfer', [pair.address, amount0]),
          GAS.transfer,
        ),
        await send(
          'LP deposit token1',
          provider,
          pair.token1,
          call(testTokenAbi, 'transfer', [pair.address, amount1]),
          GAS.transfer,
        ),
        await send('mint', provider, pair.address, call(uniswapV2PairAbi, 'mint', [provider]), GAS.mint),
      ]
      blockActions.push({
        kind: 'addLiquidity',
        blockNumber: 0n,
        hashes,
        pair: pair.address,
        provider,
        amount0,
        amount1,
        liquidity,
      })
    }
    counts.liquidityChanges++
  }

  /** An exact-input swap on the CL pool through the V3 router; its output is left to the chain (not tracked). */
  const clPoolSwap = async () => {
    const { pool, uniswapV3 } = cl!
    const trader = random.pick(traders)
    const sellBlub = random.next() < 0.5
    const tokenIn = sellBlub ? blub : wavax
    const amountIn = sellBlub
      ? parseEther(String(200 + random.int(3_000)))
      : parseEther(String(1 + random.int(40))) / 100n
    if (balance(tokenIn, trader) < amountIn) return singleSwap()
    credit(tokenIn, trader, -amountIn)
    const hash = await send(
      `swap on ${pool.address}`,
      trader,
      uniswapV3.swapRouter,
      encodeFunctionData({
        abi: swapRouterAbi,
        functionName: 'exactInputSingle',
        args: [
          {
            tokenIn,
            tokenOut: sellBlub ? wavax : blub,
            fee: pool.fee,
            recipient: trader,
            deadline: maxUint256,
            amountIn,
            amountOutMinimum: 0n,
            sqrtPriceLimitX96: 0n,
          },
        ],
      }),
      GAS.clSwap,
    )
    blockActions.push({ kind: 'clSwap', blockNumber: 0n, hash, trader, tokenIn, amountIn })
    counts.swaps++
    counts.trades++
  }

  const wrapOrUnwrap = async () => {
    const account = random.pick(traders)
    if (random.next() < 0.5) {
      const amount = parseEther(String(1 + random.int(10)))
      credit(wavax, account, amount)
      const hash = await send(
        'wrap',
        account,
        wavax,
        encodeFunctionData({ abi: wrappedNativeAbi, functionName: 'deposit' }),
        GAS.wrap,
        amount,
      )
      blockActions.push({ kind: 'wrap', blockNumber: 0n, hash, account, amount })
    } else {
      const amount = random.fraction(balance(wavax, account), 0.01, 0.1)
      credit(wavax, account, -amount)
      const hash = await send(
        'unwrap',
        account,
        wavax,
        encodeFunctionData({ abi: wrappedNativeAbi, functionName: 'withdraw', args: [amount] }),
        GAS.wrap,
      )
      blockActions.push({ kind: 'unwrap', blockNumber: 0n, hash, account, amount })
    }
    counts.wraps++
  }

  // The traders let the V3 router take their BLUB and WAVAX (one block, before the activity).
  if (clShare > 0)
    await inOneBlock(client, async () => {
      for (const trader of traders)
        for (const token of [blub, wavax])
          await approve(client, {
            token,
            from: trader,
            spender: cl!.uniswapV3.swapRouter,
            amount: maxUint256,
          })
    })

  const automine = await client.getAutomine()
  await client.setAutomine(false)
  let fromBlock: bigint | undefined
  try {
    for (let index = 1; index <= parameters.blocks; index++) {
      const ops: (() => Promise<void>)[] = []
      for (let left = swapsPerBlock; left > 0; ) {
        const fits = splitShare > 0 ? SPLIT_SHAPES.filter((shape) => shape.swaps <= left) : []
        if (fits.length > 0 && random.next() < splitShare) {
          // In turn, so that a few blocks show every shape.
          const { shape, swaps } = fits[splitTurn++ % fits.length]!
          ops.push(() => splitTrade(shape))
          left -= swaps
        } else if (left >= 2 && random.next() < multiHopShare) {
          ops.push(twoHopSwap)
          left -= 2
        } else {
          ops.push(clShare > 0 && random.next() < clShare ? clPoolSwap : singleSwap)
          left -= 1
        }
      }
      for (let i = 0; i < transfersPerBlock; i++) ops.push(tokenTransfer)
      if (priceUpdateEvery > 0 && index % priceUpdateEvery === 0) ops.push(priceUpdate)
      if (liquidityEvery > 0 && index % liquidityEvery === 0) ops.push(liquidityChange)
      if (wrapEvery > 0 && index % wrapEvery === 0) ops.push(wrapOrUnwrap)
      const swapsBefore = counts.swaps
      blockActions = []
      for (const op of random.shuffle(ops)) await op()

      const { block, receipts } = await mineOneBlock(client, (hash) => described.get(hash))
      described.clear()
      fromBlock ??= block.number
      for (const action of blockActions) action.blockNumber = block.number
      actions.push(...blockActions)
      const activityBlock = {
        number: block.number,
        hash: block.hash,
        transactions: receipts.length,
        swaps: counts.swaps - swapsBefore,
      }
      blocks.push(activityBlock)
      parameters.onBlock?.(activityBlock)
    }
  } catch (error) {
    await client.request({ method: 'anvil_dropAllTransactions' } as never)
    throw error
  } finally {
    if (automine) await client.setAutomine(true)
  }

  // The local copy must have followed the chain exactly.
  for (const pairState of state.pairs) {
    const { reserve0, reserve1 } = await readReserves(client, pairState.pair.address, 'latest')
    if (reserve0 !== pairState.reserve0 || reserve1 !== pairState.reserve1) {
      throw new Error(`generateActivity lost track of the reserves of pair "${pairState.pair.address}".`)
    }
  }

  const toBlock = blocks.at(-1)?.number ?? (await client.getBlockNumber())
  return {
    fromBlock: fromBlock ?? toBlock + 1n,
    toBlock,
    blocks,
    actions,
    counts,
    durationMs: Math.round(performance.now() - started),
  }
}

type PairState = { pair: V2Pair; reserve0: bigint; reserve1: bigint; totalSupply: bigint }

async function readState(client: TestkitClient, market: Market) {
  const pairs: PairState[] = await Promise.all(
    [
      market.pairs.blubWavax,
      market.pairs.wavaxUsdc,
      ...(market.pairs.blubWavaxB ? [market.pairs.blubWavaxB] : []),
    ].map(async (pair) => {
      const [{ reserve0, reserve1 }, totalSupply] = await Promise.all([
        readReserves(client, pair.address, 'latest'),
        client.readContract({ address: pair.address, abi: uniswapV2PairAbi, functionName: 'totalSupply' }),
      ])
      return { pair, reserve0, reserve1, totalSupply }
    }),
  )
  const holders = [market.deployer, ...market.traders]
  const holdings = [
    market.tokens.blub,
    market.tokens.usdc,
    market.tokens.wavax,
    market.pairs.blubWavax.address,
    market.pairs.wavaxUsdc.address,
    ...(market.pairs.blubWavaxB ? [market.pairs.blubWavaxB.address] : []),
  ]
  const balances = new Map<string, bigint>()
  await Promise.all(
    holders.flatMap((holder) =>
      holdings.map(async (token) => {
        const amount = await client.readContract({
          address: token,
          abi: testTokenAbi,
          functionName: 'balanceOf',
          args: [holder],
        })
        balances.set(`${token.toLowerCase()}:${holder.toLowerCase()}`, amount)
      }),
    ),
  )
  const [roundId, answer] = await client.readContract({
    address: market.aggregator,
    abi: testAggregatorAbi,
    functionName: 'latestRoundData',
  })
  return { pairs, balances, roundId: BigInt(roundId), answer }
}
