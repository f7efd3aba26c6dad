import type { Address, Hash } from 'viem'
import type { SourceTransaction } from '../block/types'
import { eventId } from './eventId'
import type { AggregatorOrder, NetFlow, PoolSwap, Trade } from './types'

export type ToTradesParameters = {
  /** The block's pool swaps (`toPoolSwaps(…).swaps`), in any order. */
  swaps: readonly PoolSwap[]
  /** The block's transactions: a trade's router is its transaction's `to`. */
  transactions?: readonly Pick<SourceTransaction, 'hash' | 'to'>[] | undefined
  /** The orders aggregators reported in the block (`toAggregatorOrders`). */
  orders?: readonly AggregatorOrder[] | undefined
  /** The model's asset (`target_asset`), any case. Without it, a trade is its route's ends. */
  targetAsset?: string | undefined
  /** The routers and aggregators to label trades with, by lowercase address (`listRouterLabels`). */
  routers?: ReadonlyMap<string, { label: string }> | undefined
}
export type ToTradesReturnType = Trade[]

/**
 * An arbitrage returns the asset to where it started: its net flow of the
 * asset is at most this fraction of the asset it moved (1 basis point).
 */
export const ARBITRAGE_TOLERANCE = { numerator: 1n, denominator: 10_000n } as const

/**
 * Groups pool swaps into trades: one per wallet and transaction.
 *
 * **Whose swaps.** A transaction's swaps are its sender's (the `taker`) —
 * unless the transaction was sent to a DEX aggregator that reported orders
 * (`orders` emitted by the transaction's `to`): then each swap belongs to the
 * first of those orders logged after it, and the order's wallet (its receiver)
 * is the trade's; swaps after the last order stay the taker's. So a router
 * executing orders for two wallets in one transaction gives each wallet its
 * trade. Orders of one wallet make one trade.
 *
 * **With the model's asset** (`targetAsset`): only a wallet's swaps that touch
 * a pool of the asset make a trade, and its amounts are the wallet's net flows
 * over all its legs — per token, what the pools paid it minus what it paid
 * them; a token hopped through nets to zero. Base = the asset. A positive
 * net flow of the asset is a `buy`, a negative one a `sell`, of that amount;
 * the quote is the token on the other side — of the tokens with a net flow the
 * other way, the one the asset's legs traded most of the asset against (then
 * the first in log order) — with its net amount. It is an `arbitrage` (no
 * direction; base amount: the asset's net flow, unsigned) when the asset went
 * both ways and its net flow is at most 1 basis point of the larger way
 * ({@link ARBITRAGE_TOLERANCE}: pools pass exact integers from leg to leg, so
 * a cycle nets exactly 0 unless a pool rounds or the token taxes transfers),
 * or when nothing went the other way; its quote is the token its asset legs
 * traded against, its `tokenIn` / `tokenOut` the first leg's input and the
 * last leg's output.
 *
 * **Without an asset** (as before models named one): a trade is its route's
 * ends — what the first swap took in and what the last swap gave; a trade
 * whose last swap is a `buy` buys that swap's base token with the token it
 * started with, otherwise it sells the token it started with for the one it
 * ended with (`USDC → WAVAX → BLUB` buys BLUB with USDC). Every trade is a
 * `trade`.
 *
 * Either way a trade's `assetLegs` are its swaps in pools of its base token
 * (what its value sums: a hop through another pool is not counted), its id
 * and `logIndex` its first swap's (kind `trade`), its `router` the
 * transaction's `to` when `routers` names it, and its aggregator amounts what
 * its orders reported (summed when they share their tokens).
 *
 * @example
 * ```ts
 * const { swaps } = toPoolSwaps({ chainId: 43114, block, events })
 * const orders = toAggregatorOrders({ events })
 * const trades = toTrades({ swaps, transactions: block.transactions, orders, targetAsset: BLUB })
 * // [{ kind: 'trade', tradeType: 'trade', direction: 'buy', baseToken: BLUB, baseAmount: …, assetLegs: [...], … }]
 * ```
 */
export function toTrades(parameters: ToTradesParameters): ToTradesReturnType {
  const targetAsset = parameters.targetAsset?.toLowerCase() as Address | undefined
  const toOf = new Map<string, Address | null>()
  for (const transaction of parameters.transactions ?? [])
    toOf.set(transaction.hash.toLowerCase(), transaction.to === null ? null : lower(transaction.to))
  const ordersOf = new Map<string, AggregatorOrder[]>()
  for (const order of parameters.orders ?? []) {
    const list = ordersOf.get(order.transactionHash)
    if (list === undefined) ordersOf.set(order.transactionHash, [order])
    else list.push(order)
  }

  // The swaps of each transaction, in log order (`toPoolSwaps` gives them so: sorted only if not).
  const inOrder = (a: PoolSwap, b: PoolSwap) =>
    a.blockNumber === b.blockNumber
      ? a.transactionIndex - b.transactionIndex || a.logIndex - b.logIndex
      : a.blockNumber < b.blockNumber
        ? -1
        : 1
  const given = parameters.swaps
  let sorted = true
  for (let index = 1; index < given.length && sorted; index++)
    sorted = inOrder(given[index - 1]!, given[index]!) < 0
  const byTransaction = new Map<string, PoolSwap[]>()
  for (const swap of sorted ? given : [...given].sort(inOrder)) {
    const list = byTransaction.get(swap.transactionHash)
    if (list === undefined) byTransaction.set(swap.transactionHash, [swap])
    else list.push(swap)
  }

  const trades: Trade[] = []
  for (const swaps of byTransaction.values()) {
    const hash = swaps[0]!.transactionHash
    const to = toOf.get(hash) ?? null
    const router = to === null ? undefined : parameters.routers?.get(to)
    // Only the orders of the contract the sender called split its swaps among wallets.
    const logged = ordersOf.get(hash)
    const orders =
      logged === undefined
        ? NO_ORDERS
        : logged.filter((order) => order.aggregator === to).sort((a, b) => a.logIndex - b.logIndex)
    const groups =
      orders.length === 0 ? [{ wallet: swaps[0]!.taker, legs: swaps, orders }] : groupByWallet(swaps, orders)
    for (const group of groups) {
      const trade = toTrade(group, targetAsset)
      if (trade === undefined) continue
      trade.router = router === undefined ? null : to
      trade.routerLabel = router?.label ?? null
      trades.push(trade)
    }
  }
  return trades
}

type Group = { wallet: Address; legs: readonly PoolSwap[]; orders: readonly AggregatorOrder[] }

const NO_ORDERS: readonly AggregatorOrder[] = []

/** What the wallet put into a swap's pool, and what it got out of it. */
const inputOf = (leg: PoolSwap) =>
  leg.direction === 'buy'
    ? { token: leg.quoteToken, amount: leg.quoteAmount }
    : { token: leg.baseToken, amount: leg.baseAmount }
const outputOf = (leg: PoolSwap) =>
  leg.direction === 'buy'
    ? { token: leg.baseToken, amount: leg.baseAmount }
    : { token: leg.quoteToken, amount: leg.quoteAmount }
const touches = (leg: PoolSwap, token: Address) => leg.baseToken === token || leg.quoteToken === token

/** A transaction's swaps split among the wallets its orders name (one group when it has none). */
function groupByWallet(swaps: readonly PoolSwap[], orders: readonly AggregatorOrder[]): Group[] {
  const taker = swaps[0]!.taker
  const groups = new Map<Address, { wallet: Address; legs: PoolSwap[]; orders: AggregatorOrder[] }>()
  const groupOf = (wallet: Address) => {
    let group = groups.get(wallet)
    if (group === undefined) {
      group = { wallet, legs: [], orders: [] }
      groups.set(wallet, group)
    }
    return group
  }
  const usedOrders = new Set<AggregatorOrder>()
  for (const swap of swaps) {
    const last = swap.logIndexes.at(-1) ?? swap.logIndex
    const order = orders.find((candidate) => candidate.logIndex > last)
    const group = groupOf(order?.wallet ?? taker)
    group.legs.push(swap)
    if (order !== undefined && !usedOrders.has(order)) {
      usedOrders.add(order)
      group.orders.push(order)
    }
  }
  return [...groups.values()].filter((group) => group.legs.length > 0)
}

/** The trade of one wallet's legs, or `undefined` when none touches the asset. */
function toTrade(group: Group, asset: Address | undefined): Trade | undefined {
  const { legs } = group
  const first = legs[0]!
  const last = legs.at(-1)!

  // The wallet's net flow of each token: what the pools paid it minus what it paid them.
  const net = new Map<Address, bigint>()
  const add = (token: Address, amount: bigint) => net.set(token, (net.get(token) ?? 0n) + amount)
  for (const leg of legs) {
    const buy = leg.direction === 'buy'
    add(leg.baseToken, buy ? leg.baseAmount : -leg.baseAmount)
    add(leg.quoteToken, buy ? -leg.quoteAmount : leg.quoteAmount)
  }
  const netFlows: NetFlow[] = [...net]
    .map(([token, amount]) => ({ token, amount }))
    .sort((a, b) => (a.token < b.token ? -1 : a.token > b.token ? 1 : 0))

  let shape: Pick<
    Trade,
    | 'tradeType'
    | 'direction'
    | 'baseToken'
    | 'baseAmount'
    | 'quoteToken'
    | 'quoteAmount'
    | 'tokenIn'
    | 'amountIn'
    | 'tokenOut'
    | 'amountOut'
  >
  if (asset === undefined) {
    // The route's ends: the first swap's input, the last swap's output.
    const input = inputOf(first)
    const output = outputOf(last)
    const buys = last.direction === 'buy'
    shape = {
      tradeType: 'trade',
      direction: buys ? 'buy' : 'sell',
      baseToken: buys ? output.token : input.token,
      baseAmount: buys ? output.amount : input.amount,
      quoteToken: buys ? input.token : output.token,
      quoteAmount: buys ? input.amount : output.amount,
      tokenIn: input.token,
      amountIn: input.amount,
      tokenOut: output.token,
      amountOut: output.amount,
    }
  } else {
    const assetLegs = legs.filter((leg) => touches(leg, asset))
    if (assetLegs.length === 0) return undefined
    // How much of the asset each other token was traded against, and where each token first appears.
    const against = new Map<Address, bigint>()
    let received = 0n
    let paid = 0n
    for (const leg of assetLegs) {
      const assetIsBase = leg.baseToken === asset
      const amount = assetIsBase ? leg.baseAmount : leg.quoteAmount
      const other = assetIsBase ? leg.quoteToken : leg.baseToken
      against.set(other, (against.get(other) ?? 0n) + amount)
      const walletGotAsset = (leg.direction === 'buy') === assetIsBase
      if (walletGotAsset) received += amount
      else paid += amount
    }
    const firstSeen = new Map<Address, number>()
    legs.forEach((leg, index) => {
      for (const token of [leg.baseToken, leg.quoteToken])
        if (!firstSeen.has(token)) firstSeen.set(token, index)
    })
    const rank = (tokens: Address[]) =>
      tokens.sort((a, b) => {
        const byAsset = (against.get(b) ?? 0n) - (against.get(a) ?? 0n)
        return byAsset > 0n ? 1 : byAsset < 0n ? -1 : firstSeen.get(a)! - firstSeen.get(b)!
      })[0]

    const assetNet = net.get(asset) ?? 0n
    const magnitude = assetNet < 0n ? -assetNet : assetNet
    const larger = received > paid ? received : paid
    const cycle =
      received > 0n &&
      paid > 0n &&
      magnitude * ARBITRAGE_TOLERANCE.denominator <= larger * ARBITRAGE_TOLERANCE.numerator
    const otherSide = [...net]
      .filter(([token, amount]) => token !== asset && (assetNet > 0n ? amount < 0n : amount > 0n))
      .map(([token]) => token)
    const quote = assetNet === 0n || cycle ? undefined : rank(otherSide)

    if (quote === undefined) {
      const counterpart = rank([...against.keys()])!
      const counterpartNet = net.get(counterpart) ?? 0n
      const input = inputOf(first)
      const output = outputOf(last)
      shape = {
        tradeType: 'arbitrage',
        direction: null,
        baseToken: asset,
        baseAmount: magnitude,
        quoteToken: counterpart,
        quoteAmount: counterpartNet < 0n ? -counterpartNet : counterpartNet,
        tokenIn: input.token,
        amountIn: input.amount,
        tokenOut: output.token,
        amountOut: output.amount,
      }
    } else {
      const quoteNet = net.get(quote)!
      const quoteAmount = quoteNet < 0n ? -quoteNet : quoteNet
      const buy = assetNet > 0n
      shape = {
        tradeType: 'trade',
        direction: buy ? 'buy' : 'sell',
        baseToken: asset,
        baseAmount: magnitude,
        quoteToken: quote,
        quoteAmount,
        tokenIn: buy ? quote : asset,
        amountIn: buy ? quoteAmount : magnitude,
        tokenOut: buy ? asset : quote,
        amountOut: buy ? magnitude : quoteAmount,
      }
    }
  }

  const reported = aggregatorAmounts(group.orders)
  return {
    id: eventId({
      chainId: first.chainId,
      transactionHash: first.transactionHash,
      logIndex: first.logIndex,
      kind: 'trade',
    }),
    chainId: first.chainId,
    blockNumber: first.blockNumber,
    blockTimestamp: first.blockTimestamp,
    transactionHash: first.transactionHash as Hash,
    transactionIndex: first.transactionIndex,
    logIndex: first.logIndex,
    kind: 'trade',
    taker: first.taker,
    wallet: group.wallet,
    tradeType: shape.tradeType,
    route: legs.map((leg) => leg.id),
    pools: legs.map((leg) => leg.pool),
    swapCount: legs.length,
    assetLegs: legs.filter((leg) => touches(leg, shape.baseToken)).map((leg) => leg.id),
    tokenIn: shape.tokenIn,
    amountIn: shape.amountIn,
    tokenOut: shape.tokenOut,
    amountOut: shape.amountOut,
    direction: shape.direction,
    baseToken: shape.baseToken,
    quoteToken: shape.quoteToken,
    baseAmount: shape.baseAmount,
    quoteAmount: shape.quoteAmount,
    netFlows,
    router: null,
    routerLabel: null,
    aggregatorTokenIn: reported?.tokenIn ?? null,
    aggregatorAmountIn: reported?.amountIn ?? null,
    aggregatorTokenOut: reported?.tokenOut ?? null,
    aggregatorAmountOut: reported?.amountOut ?? null,
  }
}

/** What a wallet's orders reported, summed, when they all name the same input and output token. */
function aggregatorAmounts(orders: readonly AggregatorOrder[]) {
  const [first] = orders
  if (first?.tokenIn == null || first.tokenOut === null) return undefined
  let amountIn = 0n
  let amountOut = 0n
  for (const order of orders) {
    if (order.tokenIn !== first.tokenIn || order.tokenOut !== first.tokenOut) return undefined
    amountIn += order.amountIn!
    amountOut += order.amountOut!
  }
  return { tokenIn: first.tokenIn, amountIn, tokenOut: first.tokenOut, amountOut }
}

const lower = (address: string) => address.toLowerCase() as Address
