// A tracked token's administration events on a real chain: anvil with the
// testkit's OwnedToken (OpenZeppelin-style OwnershipTransferred, Paused,
// Unpaused, besides Transfer and Approval), processed through JSON-RPC into
// PostgreSQL and PGlite. Every log of the token must be recognised: none is
// stored as undecodable, and the transfers are exactly its Transfer events.

import {
  type Anvil,
  anvilAccounts,
  approve,
  createTestkitClient,
  deployOwnedToken,
  mintToken,
  ownedTokenAbi,
  startAnvil,
  type TestkitClient,
  transfer,
} from '@idx/testkit'
import type { Address } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { readModelRows } from '../_test/modelRows'
import { createScenarioDatabases, DB_KINDS, RPC_ENV } from '../_test/scenario'
import { createModelSource } from './createModelSource'
import { loadIndexerModel } from './loadIndexerModel'
import { runRange } from './runRange'

const [owner, alice, bob] = anvilAccounts as unknown as [Address, Address, Address]

let anvil: Anvil
let client: TestkitClient
let token: Address
let head: bigint

/** Sends `functionName` of the token from `from` and waits for its block. */
async function send(
  functionName: 'transferOwnership' | 'pause' | 'unpause',
  from: Address,
  args: unknown[] = [],
) {
  const hash = await client.writeContract({
    address: token,
    abi: ownedTokenAbi,
    functionName,
    args,
    account: from,
    chain: null,
  } as never)
  const receipt = await client.waitForTransactionReceipt({ hash })
  expect(receipt.status).toBe('success')
}

beforeAll(async () => {
  anvil = await startAnvil()
  client = createTestkitClient({ rpcUrl: anvil.rpcUrl })
  token = (
    await deployOwnedToken(client, { name: 'Owned', symbol: 'OWN', from: owner })
  ).toLowerCase() as Address
  await mintToken(client, { token, to: alice, amount: 10n ** 21n, from: owner })
  await transfer(client, { token, from: alice, to: bob, amount: 10n ** 18n })
  await approve(client, { token, from: alice, spender: bob, amount: 5n })
  await send('transferOwnership', owner, [alice])
  await send('pause', alice)
  await send('unpause', alice)
  head = await client.getBlockNumber()
})

afterAll(async () => {
  await anvil?.stop()
})

const files = () => ({
  shared: `config_version: "1.0"
chain: { id: 43114, name: Avalanche C-Chain (anvil), native_symbol: AVAX }
tokens:
  - { address: "${token}", symbol: OWN, name: Owned, decimals: 18, type: erc20 }
contracts:
  - { address: "${token}", name: Owned, type: erc20 }
sources:
  - { name: rpc, type: rpc, url_env: ${RPC_ENV} }
price_feeds:
  avax_usd: { address: "0x0A77230d17318075983913bC2145DB16C7366156", heartbeat_seconds: 86400 }
`,
  model: `config_version: "1.0"
model: { name: owned, version: "1.0", start_block: 1 }
sources: [rpc]
tokens: [OWN]
contracts: ["${token}"]
`,
})

describe.each(DB_KINDS)('%s', (kind) => {
  test('behavior: ownership and pausing events of a tracked token are recognised, not stored as undecodable', async () => {
    // The chain's own record: the token emitted every kind of event.
    const logs = await client.getContractEvents({
      abi: ownedTokenAbi,
      address: token,
      fromBlock: 1n,
      toBlock: head,
    })
    const names = logs.map((log) => log.eventName)
    expect(names.filter((name) => name === 'OwnershipTransferred')).toHaveLength(2)
    expect(names).toEqual(expect.arrayContaining(['Transfer', 'Approval', 'Paused', 'Unpaused']))

    const dbs = await createScenarioDatabases(kind, files(), 'owned')
    try {
      const created = createModelSource({
        sources: await dbs.shared.client.source.findMany(),
        env: { [RPC_ENV]: anvil.rpcUrl },
      })
      const model = await loadIndexerModel({ shared: dbs.shared, model: 'owned' })
      const result = await runRange({ model, db: dbs.model, source: created.source, from: 1n, to: head })
      await created.source.close?.()
      expect(result).toMatchObject({ failed: 0, processed: Number(head) })
      expect(result.logs).toBe(logs.length)
      expect(await dbs.model.query('select * from undecodable_log')).toEqual([])
      const [counts] = await dbs.model.query<{ undecodable: number }>(
        'select coalesce(sum(undecodable_count), 0)::int as undecodable from processed_block',
      )
      expect(counts?.undecodable).toBe(0)
      const stored = await readModelRows(dbs.model)
      const transfers = logs.filter((log) => log.eventName === 'Transfer')
      expect(
        stored.transfers
          .map((row) => [row.block_number, row.log_index, row.from_address, row.to_address, row.amount])
          .sort((a, b) => Number(a[0]) - Number(b[0])),
      ).toEqual(
        transfers
          .map((log) => {
            const args = log.args as { from: string; to: string; value: bigint }
            return [
              `${log.blockNumber}`,
              log.logIndex,
              args.from.toLowerCase(),
              args.to.toLowerCase(),
              `${args.value}`,
            ]
          })
          .sort((a, b) => Number(a[0]) - Number(b[0])),
      )
    } finally {
      await dbs.close()
    }
  })
})
