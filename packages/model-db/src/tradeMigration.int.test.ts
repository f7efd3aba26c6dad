// The trade_net_flows migration on a populated database: trades written before
// it keep their amounts and get the documented defaults for the new columns.

import { connectTarget } from '@idx/database'
import { testDatabase } from '@idx/testkit'
import { afterAll, describe, expect, test } from 'vitest'
import { migrateModelDbBefore } from './_test/migrateBefore'
import { migrateModelDb } from './migrations'

const USDC = `0x${'0a'.repeat(20)}`
const WAVAX = `0x${'0b'.repeat(20)}`
const BLUB = `0x${'0c'.repeat(20)}`
const HOP = `0x${'01'.repeat(20)}` // WAVAX/USDC
const BLUB_POOL = `0x${'02'.repeat(20)}` // BLUB/WAVAX
const TRADER = `0x${'a1'.repeat(20)}`
const TX = `0x${'77'.repeat(32)}`

describe.each(['postgres', 'pglite'] as const)('%s', (kind) => {
  const made: { drop: () => Promise<void> }[] = []
  afterAll(async () => {
    for (const db of made) await db.drop()
  })

  test('behavior: trades written before trade_net_flows get their wallet, asset legs and net flows from their swaps', async () => {
    const db = testDatabase(kind, { kind: 'model', model: 'trade_migration_test' })
    made.push(db)
    await migrateModelDbBefore(db.target, '_trade_net_flows')

    const connection = await connectTarget(db.target)
    try {
      // A multi-hop buy as the route model stored it: USDC → WAVAX (hop) → BLUB.
      const hop = `43114:${TX}:1:pool_swap`
      const leg = `43114:${TX}:4:pool_swap`
      await connection.query(
        `insert into processed_block (number, hash, parent_hash, timestamp, status) values (100, '0xa', '0xb', now(), 'done')`,
      )
      const swap = `insert into pool_swap (id, block_number, block_time, transaction_hash, transaction_index, log_index,
           pool, pool_type, taker, sender, recipient, direction, base_token, quote_token, base_amount, quote_amount,
           log_indexes, bin_ids)
         values ($1, 100, now(), $2, 0, $3, $4, 'uniswap_v2_pair', $5, $5, $5, 'buy', $6, $7, $8, $9, '{}', '{}')`
      await connection.query(swap, [hop, TX, 1, HOP, TRADER, WAVAX, USDC, '2000000000000000000', '50000000'])
      await connection.query(swap, [
        leg,
        TX,
        4,
        BLUB_POOL,
        TRADER,
        BLUB,
        WAVAX,
        '8000000000000000000000',
        '2000000000000000000',
      ])
      await connection.query(
        `insert into trade (id, block_number, block_time, transaction_hash, transaction_index, log_index, taker, route,
           pools, swap_count, token_in, amount_in, token_out, amount_out, direction, base_token, quote_token,
           base_amount, quote_amount)
         values ($1, 100, now(), $2, 0, 1, $3, $4, $5, 2, $6, 50000000, $7, 8000000000000000000000, 'buy', $7, $6,
           8000000000000000000000, 50000000)`,
        [`43114:${TX}:1:trade`, TX, TRADER, [hop, leg], [HOP, BLUB_POOL], USDC, BLUB],
      )

      // Migrated so far without idx's marker of the model (as Prisma's own CLI would): adopted here.
      const result = await migrateModelDb({ target: db.target, adopt: true })
      expect(result.applied[0]).toMatch(/_trade_net_flows$/) // then the migrations after it
      const [trade] = await connection.query<Record<string, unknown>>(
        `select taker, wallet, trade_type::text, asset_legs, net_flows, direction::text, router, router_label,
           aggregator_token_in, aggregator_amount_in::text, base_amount::text, quote_amount::text from trade`,
      )
      expect(trade).toEqual({
        taker: TRADER,
        wallet: TRADER,
        trade_type: 'trade',
        // Only the leg in a pool of its base token (BLUB) counts for its value: the hop does not.
        asset_legs: [leg],
        // USDC paid, WAVAX passed through, BLUB received.
        net_flows: { [USDC]: '-50000000', [WAVAX]: '0', [BLUB]: '8000000000000000000000' },
        direction: 'buy',
        router: null,
        router_label: null,
        aggregator_token_in: null,
        aggregator_amount_in: null,
        // Its amounts are kept.
        base_amount: '8000000000000000000000',
        quote_amount: '50000000',
      })
      const [column] = await connection.query<{ is_nullable: string }>(
        `select is_nullable from information_schema.columns where table_name = 'trade' and column_name = 'wallet'`,
      )
      expect(column?.is_nullable).toBe('NO')
    } finally {
      await connection.close()
    }
  })
})
