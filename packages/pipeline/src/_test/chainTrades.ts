// Test-only: the trades a model whose asset is `asset` should store, computed
// from the chain alone (viem getLogs of the pools' Swap — V2, Solidly and V3 — and the aggregators'
// SwapExactIn, the pairs' own token0/token1, each transaction's sender and
// recipient) by the rules docs/pricing.md and the pipeline README state — with
// none of the pipeline's code.

import { type TestkitClient, testSplitRouterAbi, uniswapV2PairAbi, uniswapV3PoolAbi } from '@idx/testkit'
import { type Address, type Hash, parseEventLogs } from 'viem'

export type ChainTrade = {
  transaction_hash: string
  taker: string
  wallet: string
  trade_type: string
  direction: string | null
  base_token: string
  base_amount: string
  quote_token: string
  quote_amount: string
  token_in: string
  amount_in: string
  token_out: string
  amount_out: string
  route: string[]
  asset_legs: string[]
  net_flows: Record<string, string>
  router: string | null
  router_label: string | null
  aggregator_token_in: string | null
  aggregator_amount_in: string | null
  aggregator_token_out: string | null
  aggregator_amount_out: string | null
}

export type ReadChainTradesParameters = {
  from: bigint
  to: bigint
  /** The model's pools (V2, Solidly-style and concentrated-liquidity). */
  pools: readonly Address[]
  /** The model's asset. */
  asset: Address
  /** Labelled routers and aggregators, by address. */
  routers: ReadonlyMap<string, string>
  /** Aggregators (tracked) whose `SwapExactIn` reports orders. */
  aggregators: readonly Address[]
  chainId?: number | undefined
}

/** A pool's Swap as in and out amounts of its token0 and token1. */
type SwapLog = {
  address: Address
  transactionHash: Hash
  logIndex: number
  args: { amount0In: bigint; amount1In: bigint; amount0Out: bigint; amount1Out: bigint }
}

const lower = (address: string) => address.toLowerCase() as Address
const abs = (value: bigint) => (value < 0n ? -value : value)

/** The trades of blocks `from`..`to`, sorted by transaction hash then wallet (the text `storedTrades` reads). */
export async function readChainTrades(
  client: TestkitClient,
  parameters: ReadChainTradesParameters,
): Promise<ChainTrade[]> {
  const { from, to } = parameters
  const chainId = parameters.chainId ?? 43114
  const asset = lower(parameters.asset)
  const aggregators = new Set(parameters.aggregators.map(lower))
  const tokensOf = new Map<string, [Address, Address]>()
  for (const pool of parameters.pools) {
    const read = (functionName: 'token0' | 'token1') =>
      client.readContract({ address: pool, abi: uniswapV2PairAbi, functionName })
    tokensOf.set(lower(pool), [lower(await read('token0')), lower(await read('token1'))])
  }
  const poolLogs = await client.getLogs({ address: [...parameters.pools], fromBlock: from, toBlock: to })
  const positive = (value: bigint) => (value > 0n ? value : 0n)
  const swapLogs: SwapLog[] = [
    // V2 and Solidly-style pairs' Swap.
    ...parseEventLogs({ abi: uniswapV2PairAbi, eventName: 'Swap', logs: poolLogs }),
    // A concentrated-liquidity pool's Swap: signed amounts, positive for what the pool received.
    ...parseEventLogs({ abi: uniswapV3PoolAbi, eventName: 'Swap', logs: poolLogs }).map((log) => ({
      address: log.address,
      transactionHash: log.transactionHash,
      logIndex: log.logIndex,
      args: {
        amount0In: positive(log.args.amount0),
        amount1In: positive(log.args.amount1),
        amount0Out: positive(-log.args.amount0),
        amount1Out: positive(-log.args.amount1),
      },
    })),
  ]
  const orderLogs =
    aggregators.size === 0
      ? []
      : parseEventLogs({
          abi: testSplitRouterAbi,
          eventName: 'SwapExactIn',
          logs: await client.getLogs({ address: [...aggregators], fromBlock: from, toBlock: to }),
        })
  const id = (hash: string, logIndex: number) => `${chainId}:${hash}:${logIndex}:pool_swap`
  const trades: ChainTrade[] = []
  for (const hash of [...new Set(swapLogs.map((log) => log.transactionHash))]) {
    const tx = await client.getTransaction({ hash })
    const txTo = tx.to === null ? null : lower(tx.to)
    const orders = orderLogs
      .filter((log) => log.transactionHash === hash && lower(log.address) === txTo)
      .sort((a, b) => a.logIndex - b.logIndex)
    // Each swap is the wallet's that the next order of the contract the sender called names; else the sender's.
    const groups = new Map<string, { swaps: typeof swapLogs; orders: typeof orderLogs }>()
    for (const log of swapLogs
      .filter((swap) => swap.transactionHash === hash)
      .sort((a, b) => a.logIndex - b.logIndex)) {
      const order = orders.find((candidate) => candidate.logIndex > log.logIndex)
      const wallet = order === undefined ? lower(tx.from) : lower(order.args.to)
      const group = groups.get(wallet) ?? { swaps: [], orders: [] }
      group.swaps.push(log)
      if (order !== undefined && !group.orders.includes(order)) group.orders.push(order)
      groups.set(wallet, group)
    }
    for (const [wallet, group] of groups) {
      // Per token: what the pools paid the wallet minus what it paid them.
      const net = new Map<Address, bigint>()
      const against = new Map<Address, bigint>()
      const seen: Address[] = []
      const assetLegs: string[] = []
      let paid = 0n
      let received = 0n
      for (const log of group.swaps) {
        const [token0, token1] = tokensOf.get(lower(log.address))!
        const { amount0In, amount1In, amount0Out, amount1Out } = log.args
        net.set(token0, (net.get(token0) ?? 0n) + amount0Out - amount0In)
        net.set(token1, (net.get(token1) ?? 0n) + amount1Out - amount1In)
        for (const token of [token0, token1]) if (!seen.includes(token)) seen.push(token)
        if (token0 !== asset && token1 !== asset) continue
        assetLegs.push(id(hash, log.logIndex))
        const [assetOut, assetIn, other] =
          token0 === asset ? [amount0Out, amount0In, token1] : [amount1Out, amount1In, token0]
        received += assetOut
        paid += assetIn
        against.set(other, (against.get(other) ?? 0n) + assetOut + assetIn)
      }
      if (assetLegs.length === 0) continue
      const assetNet = net.get(asset)!
      const cycle =
        paid > 0n && received > 0n && abs(assetNet) * 10_000n <= (paid > received ? paid : received)
      const otherSide = [...net]
        .filter(([token, amount]) => token !== asset && (assetNet > 0n ? amount < 0n : amount > 0n))
        .map(([token]) => token)
      // Of several candidates, the one the asset's legs traded most of it against, then the first seen.
      const rank = (tokens: Address[]) =>
        [...tokens].sort((a, b) => {
          const by = (against.get(b) ?? 0n) - (against.get(a) ?? 0n)
          return by > 0n ? 1 : by < 0n ? -1 : seen.indexOf(a) - seen.indexOf(b)
        })[0]
      const arbitrage = cycle || assetNet === 0n || otherSide.length === 0
      const quote = arbitrage ? rank([...against.keys()])! : rank(otherSide)!
      const quoteNet = abs(net.get(quote) ?? 0n)
      const first = group.swaps[0]!
      const last = group.swaps.at(-1)!
      const side = (log: typeof first, which: 'In' | 'Out'): [Address, bigint] => {
        const [token0, token1] = tokensOf.get(lower(log.address))!
        const amount0 = which === 'In' ? log.args.amount0In : log.args.amount0Out
        const amount1 = which === 'In' ? log.args.amount1In : log.args.amount1Out
        return amount0 > 0n ? [token0, amount0] : [token1, amount1]
      }
      const buy = assetNet > 0n
      const [tokenIn, amountIn]: [Address, bigint] = arbitrage
        ? side(first, 'In')
        : buy
          ? [quote, quoteNet]
          : [asset, abs(assetNet)]
      const [tokenOut, amountOut]: [Address, bigint] = arbitrage
        ? side(last, 'Out')
        : buy
          ? [asset, abs(assetNet)]
          : [quote, quoteNet]
      const label = txTo === null ? undefined : parameters.routers.get(txTo)
      const reported = group.orders.map((order) => order.args)
      const sameTokens = reported.every(
        (order) => order.tokenIn === reported[0]!.tokenIn && order.tokenOut === reported[0]!.tokenOut,
      )
      const sum = (pick: (order: (typeof reported)[number]) => bigint) =>
        reported.length > 0 && sameTokens
          ? `${reported.reduce((total, order) => total + pick(order), 0n)}`
          : null
      trades.push({
        transaction_hash: hash,
        taker: lower(tx.from),
        wallet,
        trade_type: arbitrage ? 'arbitrage' : 'trade',
        direction: arbitrage ? null : buy ? 'buy' : 'sell',
        base_token: asset,
        base_amount: `${abs(assetNet)}`,
        quote_token: quote,
        quote_amount: `${quoteNet}`,
        token_in: tokenIn,
        amount_in: `${amountIn}`,
        token_out: tokenOut,
        amount_out: `${amountOut}`,
        route: group.swaps.map((log) => id(hash, log.logIndex)),
        asset_legs: assetLegs,
        net_flows: Object.fromEntries([...net].map(([token, amount]) => [token, `${amount}`])),
        router: label === undefined ? null : txTo,
        router_label: label ?? null,
        aggregator_token_in: reported.length > 0 && sameTokens ? lower(reported[0]!.tokenIn) : null,
        aggregator_amount_in: sum((order) => order.amountIn),
        aggregator_token_out: reported.length > 0 && sameTokens ? lower(reported[0]!.tokenOut) : null,
        aggregator_amount_out: sum((order) => order.amountOut),
      })
    }
  }
  return trades.sort((a, b) => (a.transaction_hash + a.wallet < b.transaction_hash + b.wallet ? -1 : 1))
}

/** The SQL that reads stored trades in the shape of {@link readChainTrades} (sort the rows the same way). */
export const STORED_TRADES_SQL = `select transaction_hash, taker, wallet, trade_type::text as trade_type,
    direction::text as direction, base_token, base_amount::text, quote_token, quote_amount::text, token_in,
    amount_in::text, token_out, amount_out::text, route, asset_legs, net_flows, router, router_label,
    aggregator_token_in, aggregator_amount_in::text, aggregator_token_out, aggregator_amount_out::text
  from trade`

/** Rows in the order {@link readChainTrades} returns. */
export const sortTrades = <T extends { transaction_hash: string; wallet: string }>(rows: T[]) =>
  rows.sort((a, b) => (a.transaction_hash + a.wallet < b.transaction_hash + b.wallet ? -1 : 1))
