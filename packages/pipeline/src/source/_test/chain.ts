// Test-only: a real chain for the source tests — anvil (from @idx/testkit) with
// the testkit's market, some blocks of generated activity, and blocks without
// any tracked log — and the blocks the chain itself reports, built with plain
// viem calls (getLogs, getBlock, getTransaction), to compare sources against.

import {
  type Anvil,
  createTestkitClient,
  deployMarket,
  generateActivity,
  type Market,
  mine,
  startAnvil,
  type TestkitClient,
  transfer,
} from '@idx/testkit'
import { type Address, type Hash, parseEther } from 'viem'
import type { SourceBlock, SourceTransaction } from '../../block/types'

export type TestChain = {
  anvil: Anvil
  client: TestkitClient
  market: Market
  /** The contracts of the market whose logs the tests track. */
  addresses: Address[]
  /** The first block of the market's deployment and the chain's head. */
  from: bigint
  to: bigint
  /** Blocks of the range with no log of the market (empty, or a plain AVAX transfer). */
  quietBlocks: bigint[]
  stop(): Promise<void>
}

/** Starts anvil, deploys the market, mines `blocks` blocks of activity, then quiet blocks and one more trade. */
export async function startTestChain(
  parameters: { blocks?: number; seed?: number } = {},
): Promise<TestChain> {
  const anvil = await startAnvil()
  try {
    const client = createTestkitClient({ rpcUrl: anvil.rpcUrl })
    const market = await deployMarket(client)
    await generateActivity(client, { market, blocks: parameters.blocks ?? 12, seed: parameters.seed ?? 7 })
    // Quiet blocks: two empty, one with a plain AVAX transfer (a transaction, but no log).
    await mine(client, { blocks: 2 })
    await client.sendTransaction({
      account: market.traders[0]!,
      to: market.traders[1]!,
      value: parseEther('1'),
    })
    // And one more tracked transfer after them.
    await transfer(client, {
      token: market.tokens.blub,
      from: market.traders[2]!,
      to: market.traders[3]!,
      amount: parseEther('5'),
    })
    const to = await client.getBlockNumber()
    const addresses = [
      market.tokens.wavax,
      market.tokens.blub,
      market.tokens.usdc,
      market.pairs.blubWavax.address,
      market.pairs.wavaxUsdc.address,
      market.aggregator,
    ]
    const quietBlocks: bigint[] = [to - 3n, to - 2n, to - 1n]
    return {
      anvil,
      client,
      market,
      addresses,
      from: market.blocks.first,
      to,
      quietBlocks,
      stop: () => anvil.stop(),
    }
  } catch (error) {
    await anvil.stop()
    throw error
  }
}

/** Blocks `from`..`to` as the chain reports them to plain viem calls, with the logs of `addresses`. */
export async function chainBlocks(
  client: TestkitClient,
  { from, to, addresses }: { from: bigint; to: bigint; addresses: readonly Address[] },
): Promise<SourceBlock[]> {
  const logs =
    addresses.length === 0
      ? []
      : await client.getLogs({ address: [...addresses], fromBlock: from, toBlock: to })
  const hashes = [...new Set(logs.map((log) => log.transactionHash))]
  const transactions = new Map<Hash, SourceTransaction>()
  for (const transaction of await Promise.all(hashes.map((hash) => client.getTransaction({ hash }))))
    transactions.set(transaction.hash.toLowerCase() as Hash, {
      hash: transaction.hash.toLowerCase() as Hash,
      from: transaction.from.toLowerCase() as Address,
      to: transaction.to === null ? null : (transaction.to.toLowerCase() as Address),
      index: transaction.transactionIndex,
    })
  const blocks: SourceBlock[] = []
  for (let number = from; number <= to; number++) {
    const block = await client.getBlock({ blockNumber: number })
    const own = logs
      .filter((log) => log.blockNumber === number)
      .map((log) => ({
        address: log.address.toLowerCase() as Address,
        topics: log.topics.map((topic) => topic.toLowerCase()) as Hash[],
        data: log.data.toLowerCase() as Hash,
        logIndex: log.logIndex,
        transactionHash: log.transactionHash.toLowerCase() as Hash,
        transactionIndex: log.transactionIndex,
        blockNumber: log.blockNumber,
      }))
      .sort((a, b) => a.logIndex - b.logIndex)
    const used = [...new Set(own.map((log) => log.transactionHash))].map((hash) => transactions.get(hash)!)
    blocks.push({
      number,
      hash: block.hash.toLowerCase() as Hash,
      parentHash: block.parentHash.toLowerCase() as Hash,
      timestamp: block.timestamp,
      transactions: used.sort((a, b) => a.index - b.index),
      logs: own,
    })
  }
  return blocks
}
