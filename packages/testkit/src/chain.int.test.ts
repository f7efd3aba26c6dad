import { parseEther } from 'viem'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { inOneBlock, mine, revert, rollback, setAutomine, setIntervalMining, snapshot } from './chain'
import { deployTestToken, deployWrappedNative } from './contracts'
import { anvilAccounts, createTestkitClient, type TestkitClient } from './createTestkitClient'
import { type Anvil, startAnvil } from './startAnvil'
import { mintToken, transfer, wrap } from './tokens'

let anvil: Anvil
let client: TestkitClient
let token: `0x${string}`
let wavax: `0x${string}`
let id: `0x${string}`
const [alice, bob, carol] = anvilAccounts

beforeAll(async () => {
  anvil = await startAnvil()
  client = createTestkitClient({ rpcUrl: anvil.rpcUrl })
  token = await deployTestToken(client, { name: 'Token', symbol: 'TKN' })
  wavax = await deployWrappedNative(client)
  await mintToken(client, { token, to: alice, amount: parseEther('1000') })
})
afterAll(() => anvil?.stop())

// every test starts from the same chain
beforeEach(async () => {
  id = await snapshot(client)
  return async () => {
    await revert(client, id)
  }
})

describe('inOneBlock', () => {
  test('default: several transactions land in one block, in the order sent', async () => {
    const before = await client.getBlockNumber()
    const { result, block, receipts } = await inOneBlock(client, async () => [
      await transfer(client, { token, from: alice, to: bob, amount: 1n }),
      await transfer(client, { token, from: alice, to: carol, amount: 2n }),
      await wrap(client, { wavax, from: bob, amount: parseEther('1') }),
      await transfer(client, { token, from: bob, to: carol, amount: 1n }), // needs the first
    ])
    expect(block.number).toBe(before + 1n)
    expect(block.transactions).toEqual(result)
    expect(receipts.map((receipt) => receipt.transactionHash)).toEqual(result)
    expect(receipts.every((receipt) => receipt.status === 'success')).toBe(true)
    expect(await client.getAutomine()).toBe(true)
  })

  test('error: a send that would revert throws, drops the pending transactions and mines nothing', async () => {
    const before = await client.getBlockNumber()
    await expect(
      inOneBlock(client, async () => {
        await transfer(client, { token, from: alice, to: bob, amount: 1n })
        await transfer(client, { token, from: carol, to: bob, amount: 1n }) // carol holds none
      }),
    ).rejects.toThrow('TestToken: insufficient balance')
    expect(await client.getTxpoolStatus()).toEqual({ pending: 0, queued: 0 })
    expect(await client.getBlockNumber()).toBe(before)
    expect(await client.getAutomine()).toBe(true)
  })
})

describe('mining', () => {
  test('mine: several empty blocks', async () => {
    const before = await client.getBlockNumber()
    const block = await mine(client, { blocks: 3 })
    expect(block.number).toBe(before + 3n)
  })

  test('setAutomine: transactions wait for a mined block', async () => {
    await setAutomine(client, false)
    const hash = await transfer(client, { token, from: alice, to: bob, amount: 1n })
    expect(await client.getTxpoolStatus()).toEqual({ pending: 1, queued: 0 })
    const block = await mine(client)
    expect(block.transactions).toEqual([hash])
    await setAutomine(client, true)
  })

  test('setIntervalMining: blocks come by themselves', async () => {
    const before = await client.getBlockNumber()
    await setIntervalMining(client, 1)
    const deadline = Date.now() + 10_000
    while ((await client.getBlockNumber()) === before && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    await setIntervalMining(client, 0)
    await setAutomine(client, true)
    expect(await client.getBlockNumber()).toBeGreaterThan(before)
  })
})

describe('reorgs', () => {
  test('snapshot/revert: a different block at the same height', async () => {
    const base = await client.getBlock()
    const fork = await snapshot(client)
    const { block: first } = await inOneBlock(client, async () => {
      await transfer(client, { token, from: alice, to: bob, amount: 1n })
    })
    await mine(client, { blocks: 2 })
    expect(await client.getBlockNumber()).toBe(base.number + 3n)

    await revert(client, fork)
    expect(await client.getBlockNumber()).toBe(base.number)
    const { block: second } = await inOneBlock(client, async () => {
      await transfer(client, { token, from: alice, to: carol, amount: 1n })
    })
    expect(second.number).toBe(first.number)
    expect(second.parentHash).toBe(base.hash)
    expect(second.hash).not.toBe(first.hash)
    // the orphaned block and its transaction are gone
    expect((await client.getBlock({ blockNumber: first.number })).hash).toBe(second.hash)
    await expect(client.getTransactionReceipt({ hash: first.transactions[0]! })).rejects.toThrow()
  })

  test('revert: the chain then grows as a fresh node would grow it (same base fee, same hashes)', async () => {
    const fork = await snapshot(client)
    const { hash: untouched } = await mine(client)
    await revert(client, fork)
    const again = await snapshot(client)
    for (let i = 0; i < 3; i++) {
      await inOneBlock(client, async () => {
        for (let j = 0; j < 5; j++) await transfer(client, { token, from: alice, to: bob, amount: 1n })
      })
    }
    await revert(client, again)
    expect((await mine(client)).hash).toBe(untouched)
  })

  test('rollback: a reorg without a snapshot taken beforehand', async () => {
    const { block: first } = await inOneBlock(client, async () => {
      await transfer(client, { token, from: alice, to: bob, amount: 1n })
    })
    await rollback(client, 1)
    expect(await client.getBlockNumber()).toBe(first.number - 1n)
    const { block: second } = await inOneBlock(client, async () => {
      await transfer(client, { token, from: alice, to: bob, amount: 2n })
    })
    expect(second.number).toBe(first.number)
    expect(second.parentHash).toBe(first.parentHash)
    expect(second.hash).not.toBe(first.hash)
  })
})

test('behavior: the same transactions give the same block hashes on another chain', async () => {
  const other = await startAnvil()
  try {
    const otherClient = createTestkitClient({ rpcUrl: other.rpcUrl })
    const build = async (c: TestkitClient) => {
      const t = await deployTestToken(c, { name: 'Token', symbol: 'TKN' })
      await mintToken(c, { token: t, to: alice, amount: 5n })
      const { block } = await inOneBlock(c, async () => {
        await transfer(c, { token: t, from: alice, to: bob, amount: 2n })
        await transfer(c, { token: t, from: alice, to: carol, amount: 3n })
      })
      return block.hash
    }
    const fresh = await startAnvil()
    try {
      expect(await build(otherClient)).toBe(await build(createTestkitClient({ rpcUrl: fresh.rpcUrl })))
    } finally {
      await fresh.stop()
    }
  } finally {
    await other.stop()
  }
})
