import type { Address, Hash } from 'viem'
import { testSplitRouterAbi, type V2Pair, write } from './contracts'
import type { TestkitClient } from './createTestkitClient'
import { pairSide, readReserves } from './swap'
import { getAmountOut } from './v2Math'

/** One step of an order: swap `share` (a fraction in basis points, 10,000 = all) of what the router holds of `tokenIn` on `pair`. */
export type SplitStep = { pair: V2Pair; tokenIn: Address; shareBps?: number | undefined }

/** An order for the split router: `amountIn` of `tokenIn` in, everything the steps end with in `tokenOut` out. */
export type SplitOrder = {
  /** Whose tokens go in and out (an unlocked anvil account that approved the router). */
  owner: Address
  tokenIn: Address
  amountIn: bigint
  tokenOut: Address
  steps: readonly SplitStep[]
}

export type SimulatedOrder = {
  /** The output of each step, in order. */
  stepsOut: readonly bigint[]
  /** What the router sends out: its balance of `tokenOut` after the steps. */
  amountOut: bigint
}

/**
 * What the router will do with orders, run in order on a local copy of the pairs' reserves (read
 * from the pending state): each step's output and each order's output, with the V2 formula — the
 * router's own arithmetic. Used to set `amountOutMin`; tests check the chain's events, not this.
 */
export async function simulateSplitOrders(
  client: TestkitClient,
  orders: readonly SplitOrder[],
): Promise<SimulatedOrder[]> {
  const reserves = new Map<string, { reserve0: bigint; reserve1: bigint }>()
  const reservesOf = async (pair: V2Pair) => {
    const key = pair.address.toLowerCase()
    let found = reserves.get(key)
    if (found === undefined) {
      found = await readReserves(client, pair.address)
      reserves.set(key, found)
    }
    return found
  }
  const results: SimulatedOrder[] = []
  for (const order of orders) {
    const held = new Map<string, bigint>([[order.tokenIn.toLowerCase(), order.amountIn]])
    const balance = (token: Address) => held.get(token.toLowerCase()) ?? 0n
    const stepsOut: bigint[] = []
    for (const step of order.steps) {
      const amount = (balance(step.tokenIn) * BigInt(step.shareBps ?? 10_000)) / 10_000n
      const zeroForOne = pairSide(step.pair, step.tokenIn)
      const state = await reservesOf(step.pair)
      const out = zeroForOne
        ? getAmountOut(amount, state.reserve0, state.reserve1)
        : getAmountOut(amount, state.reserve1, state.reserve0)
      if (zeroForOne) {
        state.reserve0 += amount
        state.reserve1 -= out
      } else {
        state.reserve1 += amount
        state.reserve0 -= out
      }
      const tokenOut = zeroForOne ? step.pair.token1 : step.pair.token0
      held.set(step.tokenIn.toLowerCase(), balance(step.tokenIn) - amount)
      held.set(tokenOut.toLowerCase(), balance(tokenOut) + out)
      stepsOut.push(out)
    }
    results.push({ stepsOut, amountOut: balance(order.tokenOut) })
  }
  return results
}

const toSteps = (steps: readonly SplitStep[]) =>
  steps.map((step) => ({ pair: step.pair.address, tokenIn: step.tokenIn, shareBps: step.shareBps ?? 10_000 }))

export type SwapViaSplitRouterParameters = Omit<SplitOrder, 'owner'> & {
  /** A `TestSplitRouter` (`deploySplitRouter`; `deployMarket({ splitRouter: true })` deploys one). */
  router: Address
  /** The trader; must have approved the router for `tokenIn`. */
  from: Address
  /** Who gets the output (default `from`). */
  to?: Address | undefined
}

/**
 * One order through the split router in one transaction — the shape of an aggregator's trade: the
 * input from the trader to the router, each step a `Swap` on its pair (sender and recipient: the
 * router), the output from the router to `to`, then the router's `SwapExactIn`.
 *
 * @example
 * ```ts
 * // A buy of BLUB split over two pools: half the WAVAX to each.
 * await swapViaSplitRouter(client, {
 *   router: market.splitRouter!,
 *   tokenIn: wavax,
 *   amountIn: parseEther('2'),
 *   tokenOut: blub,
 *   steps: [
 *     { pair: market.pairs.blubWavax, tokenIn: wavax, shareBps: 5_000 },
 *     { pair: market.pairs.blubWavaxB!, tokenIn: wavax },
 *   ],
 *   from: market.traders[0]!,
 * })
 * ```
 */
export async function swapViaSplitRouter(
  client: TestkitClient,
  parameters: SwapViaSplitRouterParameters,
): Promise<SimulatedOrder & { hash: Hash }> {
  const [simulated] = await simulateSplitOrders(client, [{ ...parameters, owner: parameters.from }])
  const hash = await write(client, {
    address: parameters.router,
    abi: testSplitRouterAbi,
    functionName: 'swap',
    args: [
      parameters.tokenIn,
      parameters.amountIn,
      parameters.tokenOut,
      simulated!.amountOut,
      toSteps(parameters.steps),
      parameters.to ?? parameters.from,
    ],
    from: parameters.from,
  })
  return { ...simulated!, hash }
}

export type FillSplitOrdersParameters = {
  router: Address
  /** Filled in this order, each from and to its owner. */
  orders: readonly SplitOrder[]
  /** Who sends the transaction (a relayer): not an owner, necessarily. */
  from: Address
}

/**
 * Several owners' orders filled in ONE transaction sent by `from` (a relayer's or a solver's
 * fill): `swapBatch`, one `SwapExactIn` per order naming its owner as the receiver.
 */
export async function fillSplitOrders(
  client: TestkitClient,
  parameters: FillSplitOrdersParameters,
): Promise<{ orders: SimulatedOrder[]; hash: Hash }> {
  const simulated = await simulateSplitOrders(client, parameters.orders)
  const hash = await write(client, {
    address: parameters.router,
    abi: testSplitRouterAbi,
    functionName: 'swapBatch',
    args: [
      parameters.orders.map((order, index) => ({
        owner: order.owner,
        tokenIn: order.tokenIn,
        amountIn: order.amountIn,
        tokenOut: order.tokenOut,
        amountOutMin: simulated[index]!.amountOut,
        steps: toSteps(order.steps),
      })),
    ],
    from: parameters.from,
  })
  return { orders: simulated, hash }
}
