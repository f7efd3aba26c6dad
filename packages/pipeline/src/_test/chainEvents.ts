// Test-only: what the chain says happened, computed straight from JSON-RPC
// (viem getLogs + the contracts' own ABIs from @idx/testkit), with none of
// the pipeline's code — so the indexed rows can be checked against it.

import {
  type TestkitClient,
  testAggregatorAbi,
  testTokenAbi,
  uniswapV2PairAbi,
  wrappedNativeAbi,
} from '@idx/testkit'
import { type Address, type Log, parseEventLogs } from 'viem'
import type { Scenario } from './scenario'

const ZERO = '0x0000000000000000000000000000000000000000'

/** The rows the model database should hold, as text (the way `readModelRows` reads them). */
export type ChainEvents = {
  /**
   * The blocks with a log of a tracked contract: those with a `processed_block`
   * row (the empty blocks of a processed run are covered by its `processed_range`).
   */
  blocks: { number: string; hash: string; parent_hash: string; status: 'done' }[]
  /** The transactions that emitted a log of a tracked contract. */
  transactions: Record<string, unknown>[]
  transfers: Record<string, unknown>[]
  poolSwaps: Record<string, unknown>[]
  liquidity: Record<string, unknown>[]
  positions: Record<string, unknown>[]
  feedAnswers: Record<string, unknown>[]
}

export type ReadChainEventsParameters = {
  from: bigint
  to: bigint
  tokens: { address: Address; wrapped?: boolean }[]
  pools: { address: Address; base: Address; quote: Address }[]
  aggregator: Address
  /** Tracked contracts whose logs make no rows here but count as their transaction's logs (a DEX aggregator). */
  others?: readonly Address[] | undefined
  chainId?: number
}

const lower = (value: string) => value.toLowerCase()
const id = (chainId: number, log: Log, kind: string, part?: string) =>
  `${chainId}:${lower(log.transactionHash!)}:${log.logIndex}:${kind}${part === undefined ? '' : `:${part}`}`

/**
 * Reads blocks `from`..`to` and the logs of the given contracts over JSON-RPC
 * and derives, independently of idx, every row idx should store: swaps with
 * their taker (the transaction's sender), direction and base/quote amounts
 * oriented by the configured base token; token transfers (WAVAX deposits and
 * withdrawals as wraps and unwraps); Mint/Burn as liquidity events; LP token
 * transfers as positions; AnswerUpdated as feed answers.
 */
export async function readChainEvents(
  client: TestkitClient,
  parameters: ReadChainEventsParameters,
): Promise<ChainEvents> {
  const chainId = parameters.chainId ?? 43114
  const { from, to } = parameters
  const blocks: ChainEvents['blocks'] = []
  const senders = new Map<string, string>()
  const txs = new Map<
    string,
    { block_number: string; index: number; from_address: string; to_address: string | null }
  >()
  const times = new Map<bigint, bigint>()
  const addresses = [
    ...parameters.tokens.map((token) => token.address),
    ...parameters.pools.map((pool) => pool.address),
    parameters.aggregator,
    ...(parameters.others ?? []),
  ]
  const logs = await client.getLogs({ address: addresses, fromBlock: from, toBlock: to })
  // Only the blocks with tracked logs: a sparse chain's empty blocks have no row.
  const numbers = [...new Set(logs.map((log) => log.blockNumber!))].sort((a, b) => (a < b ? -1 : 1))
  for (const n of numbers) {
    const block = await client.getBlock({ blockNumber: n, includeTransactions: true })
    blocks.push({ number: `${n}`, hash: block.hash, parent_hash: block.parentHash, status: 'done' })
    times.set(n, block.timestamp)
    for (const tx of block.transactions) {
      senders.set(lower(tx.hash), lower(tx.from))
      txs.set(lower(tx.hash), {
        block_number: `${n}`,
        index: tx.transactionIndex,
        from_address: lower(tx.from),
        to_address: tx.to === null ? null : lower(tx.to),
      })
    }
  }
  const of = (address: string) => logs.filter((log) => lower(log.address) === lower(address))
  const base = (log: Log) => ({
    block_number: `${log.blockNumber}`,
    block_time: new Date(Number(times.get(log.blockNumber!)!) * 1000).toISOString(),
    transaction_hash: lower(log.transactionHash!),
    log_index: log.logIndex!,
  })

  const transfers: Record<string, unknown>[] = []
  for (const token of parameters.tokens) {
    const abi = token.wrapped ? wrappedNativeAbi : testTokenAbi
    for (const event of parseEventLogs({ abi, logs: of(token.address), strict: true })) {
      const args = event.args as Record<string, unknown>
      let row: { from: string; to: string; amount: bigint; cause: string } | undefined
      if (event.eventName === 'Transfer') {
        // WETH9-style tokens name them src, dst, wad.
        const from = lower((args.from ?? args.src) as string)
        const to = lower((args.to ?? args.dst) as string)
        const cause = from === ZERO ? 'mint' : to === ZERO ? 'burn' : 'transfer'
        row = { from, to, amount: (args.value ?? args.wad) as bigint, cause }
      } else if (event.eventName === 'Deposit')
        row = { from: ZERO, to: lower(args.dst as string), amount: args.wad as bigint, cause: 'wrap' }
      else if (event.eventName === 'Withdrawal')
        row = { from: lower(args.src as string), to: ZERO, amount: args.wad as bigint, cause: 'unwrap' }
      if (row === undefined) continue
      transfers.push({
        id: id(chainId, event, 'transfer'),
        ...base(event),
        token: lower(token.address),
        from_address: row.from,
        to_address: row.to,
        amount: `${row.amount}`,
        cause: row.cause,
      })
    }
  }

  const poolSwaps: Record<string, unknown>[] = []
  const liquidity: Record<string, unknown>[] = []
  const positions: Record<string, unknown>[] = []
  for (const pool of parameters.pools) {
    // A V2 pair's token0 is the lower address of its two tokens.
    const baseIsToken0 = lower(pool.base) < lower(pool.quote)
    const sides = <T>(amount0: T, amount1: T): [T, T] =>
      baseIsToken0 ? [amount0, amount1] : [amount1, amount0]
    for (const event of parseEventLogs({ abi: uniswapV2PairAbi, logs: of(pool.address), strict: true })) {
      const args = event.args as Record<string, unknown>
      const taker = senders.get(lower(event.transactionHash))!
      if (event.eventName === 'Swap') {
        const [baseIn, quoteIn] = sides(args.amount0In as bigint, args.amount1In as bigint)
        const [baseOut, quoteOut] = sides(args.amount0Out as bigint, args.amount1Out as bigint)
        const buy = baseOut > baseIn
        poolSwaps.push({
          id: id(chainId, event, 'pool_swap'),
          ...base(event),
          pool: lower(pool.address),
          taker,
          sender: lower(args.sender as string),
          recipient: lower(args.to as string),
          direction: buy ? 'buy' : 'sell',
          base_token: lower(pool.base),
          quote_token: lower(pool.quote),
          base_amount: `${buy ? baseOut - baseIn : baseIn - baseOut}`,
          quote_amount: `${buy ? quoteIn - quoteOut : quoteOut - quoteIn}`,
        })
      } else if (event.eventName === 'Mint' || event.eventName === 'Burn') {
        const [baseAmount, quoteAmount] = sides(args.amount0 as bigint, args.amount1 as bigint)
        liquidity.push({
          id: id(chainId, event, 'liquidity'),
          ...base(event),
          action: event.eventName === 'Mint' ? 'add' : 'remove',
          pool: lower(pool.address),
          provider: taker,
          sender: lower(args.sender as string),
          recipient: event.eventName === 'Burn' ? lower(args.to as string) : null,
          base_token: lower(pool.base),
          quote_token: lower(pool.quote),
          base_amount: `${baseAmount}`,
          quote_amount: `${quoteAmount}`,
        })
      } else if (event.eventName === 'Transfer') {
        const from = lower(args.from as string)
        const to = lower(args.to as string)
        const value = args.value as bigint
        if (value === 0n) continue
        if (from !== ZERO)
          positions.push({
            id: id(chainId, event, 'position', 'from'),
            ...base(event),
            pool: lower(pool.address),
            holder: from,
            amount: `${-value}`,
            cause: to === ZERO ? 'burn' : 'transfer',
            counterparty: to,
          })
        if (to !== ZERO)
          positions.push({
            id: id(chainId, event, 'position', 'to'),
            ...base(event),
            pool: lower(pool.address),
            holder: to,
            amount: `${value}`,
            cause: from === ZERO ? 'mint' : 'transfer',
            counterparty: from,
          })
      }
    }
  }

  const feedAnswers: Record<string, unknown>[] = []
  for (const event of parseEventLogs({
    abi: testAggregatorAbi,
    logs: of(parameters.aggregator),
    strict: true,
  })) {
    if (event.eventName !== 'AnswerUpdated') continue
    const args = event.args as { current: bigint; roundId: bigint; updatedAt: bigint }
    feedAnswers.push({
      id: id(chainId, event, 'feed_answer'),
      ...base(event),
      aggregator: lower(parameters.aggregator),
      answer: `${args.current}`,
      round_id: `${args.roundId}`,
      answered_at: new Date(Number(args.updatedAt) * 1000).toISOString(),
    })
  }

  const logCounts = new Map<string, number>()
  for (const log of logs)
    logCounts.set(lower(log.transactionHash), (logCounts.get(lower(log.transactionHash)) ?? 0) + 1)
  const transactions = [...logCounts]
    .map(([hash, log_count]) => ({ hash, ...txs.get(hash)!, log_count }))
    .sort((a, b) => (a.hash < b.hash ? -1 : 1))

  const byId = (a: Record<string, unknown>, b: Record<string, unknown>) =>
    (a.id as string) < (b.id as string) ? -1 : 1
  return {
    blocks,
    transactions,
    transfers: transfers.sort(byId),
    poolSwaps: poolSwaps.sort(byId),
    liquidity: liquidity.sort(byId),
    positions: positions.sort(byId),
    feedAnswers: feedAnswers.sort(byId),
  }
}

/**
 * {@link readChainEvents} for everything a scenario's model tracks: its three
 * tokens (WAVAX as the wrapper), its pools with their configured base and
 * quote, its aggregator (and split router), from its first block to `to`
 * (default: the last block of its activity).
 */
export function readScenarioEvents(
  scenario: Scenario,
  to: bigint = scenario.lastBlock,
): Promise<ChainEvents> {
  const { market } = scenario
  return readChainEvents(scenario.client, {
    from: scenario.firstBlock,
    to,
    tokens: [
      { address: market.tokens.wavax, wrapped: true },
      { address: market.tokens.blub },
      { address: market.tokens.usdc },
    ],
    pools: scenario.pools,
    aggregator: market.aggregator,
    others: market.splitRouter === undefined ? [] : [market.splitRouter],
  })
}
