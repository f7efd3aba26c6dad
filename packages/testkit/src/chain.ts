import { type Block, formatTransactionReceipt, type Hash, numberToHex, type TransactionReceipt } from 'viem'
import type { TestkitClient } from './createTestkitClient'
import { TransactionRevertedError, TransactionsNotMinedError } from './errors'

/**
 * Mines `blocks` blocks (default 1) with whatever transactions are pending, and returns
 * the last one (with its transaction hashes).
 *
 * @example
 * ```ts
 * const block = await mine(client)
 * ```
 */
export async function mine(client: TestkitClient, parameters: { blocks?: number } = {}): Promise<Block> {
  await client.request({ method: 'anvil_mine', params: [numberToHex(parameters.blocks ?? 1), undefined] })
  return client.getBlock({ blockTag: 'latest' })
}

/** Turns automine (one block per transaction, anvil's default) on or off. */
export async function setAutomine(client: TestkitClient, enabled: boolean): Promise<void> {
  await client.setAutomine(enabled)
}

/**
 * Interval mining: a block every `seconds` seconds (0 turns it off). Turning it on turns
 * automine off.
 */
export async function setIntervalMining(client: TestkitClient, seconds: number): Promise<void> {
  await client.setIntervalMining({ interval: seconds })
}

/** Saves the chain's state (`evm_snapshot`); returns the id `revert` takes. */
export async function snapshot(client: TestkitClient): Promise<Hash> {
  return client.snapshot()
}

/**
 * Restores the state saved by `snapshot` (`evm_revert`): every block mined since is
 * dropped, and the next block mined takes the height of the first dropped one — a reorg.
 * anvil forgets the snapshot (and any taken after it): take a new one to revert again.
 *
 * anvil keeps the base fee of the dropped blocks for the next block; this also resets it
 * to what follows the restored head (EIP-1559), so the chain after a revert is the one a
 * fresh node would build.
 */
export async function revert(client: TestkitClient, id: Hash): Promise<void> {
  await client.revert({ id })
  await resetNextBaseFee(client)
}

/**
 * Drops the latest `depth` blocks (`anvil_rollback`) without a snapshot taken beforehand;
 * their transactions are gone too. Mining again then builds a different branch. Like
 * `revert`, it resets the next block's base fee.
 */
export async function rollback(client: TestkitClient, depth: number): Promise<void> {
  await client.request({ method: 'anvil_rollback', params: [depth] } as never)
  await resetNextBaseFee(client)
}

async function resetNextBaseFee(client: TestkitClient): Promise<void> {
  const head = await client.getBlock({ blockTag: 'latest' })
  if (head.baseFeePerGas === null) return
  await client.setNextBlockBaseFeePerGas({ baseFeePerGas: nextBaseFee(head) })
}

/** EIP-1559: the base fee of the block after `parent` (elasticity 2, change denominator 8). */
function nextBaseFee(parent: { baseFeePerGas: bigint | null; gasUsed: bigint; gasLimit: bigint }): bigint {
  const baseFee = parent.baseFeePerGas ?? 0n
  const target = parent.gasLimit / 2n
  if (parent.gasUsed === target) return baseFee
  if (parent.gasUsed > target) {
    const delta = (baseFee * (parent.gasUsed - target)) / target / 8n
    return baseFee + (delta > 1n ? delta : 1n)
  }
  return baseFee - (baseFee * (target - parent.gasUsed)) / target / 8n
}

/**
 * The receipts of every transaction of a block (`eth_getBlockReceipts`), in order.
 */
export async function getBlockReceipts(
  client: TestkitClient,
  blockNumber: bigint,
): Promise<TransactionReceipt[]> {
  const receipts = (await client.request({
    method: 'eth_getBlockReceipts',
    params: [numberToHex(blockNumber)],
  } as never)) as Parameters<typeof formatTransactionReceipt>[0][] | null
  return (receipts ?? []).map((receipt) => formatTransactionReceipt(receipt))
}

export type InOneBlockReturnType<result> = {
  /** What `send` returned. */
  result: result
  /** The mined block, with its transaction hashes. */
  block: Block<bigint, false, 'latest'>
  /** The receipts of the block's transactions, in order. */
  receipts: TransactionReceipt[]
}

/**
 * Puts every transaction sent by `send` into ONE block: turns automine off, runs `send`,
 * mines one block, checks that nothing is left pending and that no transaction reverted,
 * and restores the previous mining mode. If `send` throws, the pending transactions are
 * dropped and nothing is mined.
 *
 * Transactions are mined in the order they were sent (anvil runs with `--order fifo`).
 * Helpers that compute amounts (`swap`, `addLiquidity`, …) read the pending state, so
 * several of them can build on each other inside one block.
 *
 * @example
 * ```ts
 * const { block, receipts } = await inOneBlock(client, async () => {
 *   await swap(client, { pair: market.pairs.blubWavax, tokenIn: market.tokens.wavax, amountIn: parseEther('1'), from: trader })
 *   await transfer(client, { token: market.tokens.blub, from: trader, to: other, amount: 10n })
 * })
 * ```
 */
export async function inOneBlock<result>(
  client: TestkitClient,
  send: () => Promise<result>,
): Promise<InOneBlockReturnType<result>> {
  const automine = await client.getAutomine()
  await client.setAutomine(false)
  try {
    let result: result
    try {
      result = await send()
    } catch (error) {
      await client.request({ method: 'anvil_dropAllTransactions' } as never)
      throw error
    }
    const { block, receipts } = await mineOneBlock(client)
    return { result, block, receipts }
  } finally {
    if (automine) await client.setAutomine(true)
  }
}

/**
 * Mines one block with the pending transactions and checks it (all mined, none
 * reverted). Used by `inOneBlock` and `generateActivity`.
 * @internal
 */
export async function mineOneBlock(
  client: TestkitClient,
  describe?: (hash: Hash) => string | undefined,
): Promise<{ block: Block<bigint, false, 'latest'>; receipts: TransactionReceipt[] }> {
  await client.request({ method: 'evm_mine', params: undefined } as never)
  const block = await client.getBlock({ blockTag: 'latest' })
  const [receipts, pool] = await Promise.all([
    getBlockReceipts(client, block.number),
    client.getTxpoolStatus(),
  ])
  if (pool.pending > 0 || pool.queued > 0)
    throw new TransactionsNotMinedError(block.number, pool.pending + pool.queued)
  const reverted = receipts.find((receipt) => receipt.status !== 'success')
  if (reverted)
    throw new TransactionRevertedError(
      reverted.transactionHash,
      block.number,
      describe?.(reverted.transactionHash),
    )
  return { block, receipts }
}
