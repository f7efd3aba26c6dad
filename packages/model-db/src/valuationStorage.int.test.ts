import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { applyMigrations, connectTarget } from '@idx/database'
import { testDatabase } from '@idx/testkit'
import { afterAll, describe, expect, test } from 'vitest'
import { previousDoneHeader } from './blocks'
import { createModelDb } from './client'
import { migrateModelDb, modelMigrationsDir } from './migrations'
import {
  type CanonicalPriceRow,
  listCanonicalPrices,
  readBlocksForPricing,
  readDirectlyValuedSwaps,
  type SwapValuationRow,
  writePricing,
} from './pricing'
import type { BlockRecord, PoolSwapRow, TradeRow } from './writers/types'
import { deleteBlocksFrom, markBlocksFailed, writeBlocks } from './writers/writeBlocks'

const CHAIN = 43114
const POOL = `0x${'0b'.repeat(20)}`
const BLUB = `0x${'0c'.repeat(20)}`
const WAVAX = `0x${'0d'.repeat(20)}`
const T0 = 1_700_000_040n

function block(number: bigint, swaps: number): BlockRecord {
  const timestamp = T0 + (number - 100n) * 2n
  const poolSwaps: PoolSwapRow[] = []
  const trades: TradeRow[] = []
  for (let i = 0; i < swaps; i++) {
    const tx = `0x${number.toString(16).padStart(32, '0')}${i.toString(16).padStart(32, '0')}`
    const logIndex = 3 * i + 1
    const id = `${CHAIN}:${tx}:${logIndex}:pool_swap`
    const event = {
      blockNumber: number,
      blockTimestamp: timestamp,
      transactionHash: tx,
      transactionIndex: i,
      logIndex,
    }
    poolSwaps.push({
      ...event,
      id,
      pool: POOL,
      poolType: 'uniswap_v2_pair',
      taker: WAVAX,
      sender: WAVAX,
      recipient: WAVAX,
      direction: 'buy',
      baseToken: BLUB,
      quoteToken: WAVAX,
      baseAmount: 1000n * 10n ** 18n,
      quoteAmount: 10n ** 18n + BigInt(i),
      logIndexes: [logIndex],
      binIds: [],
    })
    trades.push({
      ...event,
      id: `${CHAIN}:${tx}:${logIndex}:trade`,
      taker: WAVAX,
      wallet: WAVAX,
      tradeType: 'trade',
      route: [id],
      pools: [POOL],
      swapCount: 1,
      assetLegs: [id],
      tokenIn: WAVAX,
      amountIn: 10n ** 18n,
      tokenOut: BLUB,
      amountOut: 1000n * 10n ** 18n,
      direction: 'buy',
      baseToken: BLUB,
      quoteToken: WAVAX,
      baseAmount: 1000n * 10n ** 18n,
      quoteAmount: 10n ** 18n,
      netFlows: [
        { token: BLUB, amount: 1000n * 10n ** 18n },
        { token: WAVAX, amount: -(10n ** 18n) },
      ],
      router: null,
      routerLabel: null,
      aggregatorTokenIn: null,
      aggregatorAmountIn: null,
      aggregatorTokenOut: null,
      aggregatorAmountOut: null,
    })
  }
  return {
    header: {
      number,
      hash: `0x${'a'.repeat(62)}${number}`,
      parentHash: `0x${'b'.repeat(62)}${number}`,
      timestamp,
    },
    logCount: 3 * swaps,
    transactions: [],
    transfers: [],
    poolSwaps,
    trades,
    liquidityEvents: [],
    positions: [],
    feedAnswers: [],
    undecodable: [],
  }
}

/**
 * Both rows of every swap and trade of `records`: AVAX valued; USD valued for
 * a swap in an even transaction, else an ERROR whose reason holds COPY's
 * special characters.
 */
function valuations(records: BlockRecord[], reason: string) {
  const swapValuations: SwapValuationRow[] = records.flatMap((record) =>
    record.poolSwaps.flatMap((swap) => {
      const base = {
        blockNumber: swap.blockNumber,
        logIndex: swap.logIndex,
        tier: 'model_config' as const,
        configId: 1,
        contractId: null,
        canonicalPeriodStart: null,
      }
      return [
        {
          ...base,
          denomination: 'AVAX' as const,
          method: 'DIRECT_AVAX' as const,
          value: `1.${swap.quoteAmount % 1000n}`,
          price: '0.001',
          avaxUsd: null,
          avaxUsdBlock: null,
          stale: null,
          errorCode: null,
          reason: null,
        },
        swap.transactionIndex % 2 === 0
          ? {
              ...base,
              denomination: 'USD' as const,
              method: 'DIRECT_AVAX' as const,
              value: '25',
              price: '0.025',
              avaxUsd: '25',
              avaxUsdBlock: swap.blockNumber,
              stale: false,
              errorCode: null,
              reason: null,
            }
          : {
              ...base,
              denomination: 'USD' as const,
              method: 'ERROR' as const,
              value: null,
              price: null,
              avaxUsd: null,
              avaxUsdBlock: null,
              stale: null,
              errorCode: 'no_avax_usd_price',
              reason,
            },
      ]
    }),
  )
  const tradeValuations = records.flatMap((record) =>
    record.trades.flatMap((trade) =>
      (['USD', 'AVAX'] as const).map((denomination) => ({
        denomination,
        blockNumber: trade.blockNumber,
        logIndex: trade.logIndex,
        method: 'DIRECT' as const,
        value: '1',
        stale: false,
        errorCode: null,
        reason: null,
      })),
    ),
  )
  return { swapValuations, tradeValuations }
}

/** Applies the model migrations before the one named `*_${next}` to `target` (from a scratch folder). */
async function migrateBefore(target: Parameters<typeof applyMigrations>[0]['target'], next: string) {
  const folder = mkdtempSync(path.join(tmpdir(), 'idx-migrations-'))
  try {
    const names = readdirSync(modelMigrationsDir).sort()
    const index = names.findIndex((name) => name.endsWith(`_${next}`))
    expect(index).toBeGreaterThan(0)
    for (const name of names.slice(0, index))
      cpSync(path.join(modelMigrationsDir, name), path.join(folder, name), { recursive: true })
    cpSync(path.join(modelMigrationsDir, 'migration_lock.toml'), path.join(folder, 'migration_lock.toml'))
    return await applyMigrations({ target, migrationsDir: folder })
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}

const count = async (query: (sql: string) => Promise<{ n: number }[]>, table: string) =>
  (await query(`select count(*)::int as n from ${table}`))[0]?.n

describe.each(['postgres', 'pglite'] as const)('%s', (kind) => {
  const made: { drop: () => Promise<void> }[] = []
  afterAll(async () => {
    for (const db of made) await db.drop()
  })

  test('behavior: valuations are bulk-loaded exactly (free text with tabs, newlines and backslashes included) and leave with their blocks', async () => {
    const db = testDatabase(kind, { kind: 'model', model: 'valuation_test' })
    made.push(db)
    await migrateModelDb({ target: db.target })
    const model = await createModelDb({ target: db.target })
    try {
      const records = [block(100n, 3), block(101n, 2), block(102n, 4)]
      await writeBlocks(model, records)
      const reason = 'No AVAX/USD price:\tthe feed\nsaid "0" \\ nothing\r.'
      await writePricing(model, {
        blocks: [100n, 101n, 102n],
        ...valuations(records, reason),
        canonicalPrices: [],
      })

      const rows = await model.query<{ reason: string | null; value: string | null; log_index: number }>(
        `select reason, value::text, log_index from swap_valuation order by block_number, log_index, denomination`,
      )
      expect(rows).toHaveLength(18)
      expect(rows.filter((row) => row.reason !== null).map((row) => row.reason)).toEqual(
        Array(4).fill(reason),
      )
      expect(rows.slice(0, 2)).toEqual([
        { reason: null, value: '25.000000000000000000000000000000', log_index: 1 },
        { reason: null, value: '1.000000000000000000000000000000', log_index: 1 },
      ])
      // The trailing window's read joins the valuations to their swaps by block and log index:
      // the swaps valued directly in both denominations, with both values.
      const window = await readDirectlyValuedSwaps(model, { token: BLUB, pools: [POOL], fromTime: T0 })
      expect(window.map((swap) => [swap.id, swap.valueUsd, swap.valueAvax])).toEqual(
        records
          .flatMap((record) => record.poolSwaps)
          .filter((swap) => swap.transactionIndex % 2 === 0)
          .map((swap) => [
            swap.id,
            '25.000000000000000000000000000000',
            `1.${swap.quoteAmount % 1000n}`.padEnd(32, '0'),
          ]),
      )

      // A failed block and a reorg take their valuations with them (no foreign key does it for them).
      await markBlocksFailed(model, [{ header: records[1]!.header, error: 'test' }])
      expect(await count(model.query, 'swap_valuation where block_number = 101')).toBe(0)
      expect(await count(model.query, 'trade_valuation where block_number = 101')).toBe(0)
      await deleteBlocksFrom(model, 102n)
      expect(await count(model.query, 'swap_valuation')).toBe(6)
      expect(await count(model.query, 'trade_valuation')).toBe(6)
      // A load the database refuses (here two rows with one key) fails as a whole: nothing of it stays.
      const twice = valuations([records[0]!], reason)
      await expect(
        writePricing(model, {
          blocks: [100n],
          swapValuations: [...twice.swapValuations, twice.swapValuations[0]!],
          tradeValuations: twice.tradeValuations,
          canonicalPrices: [],
        }),
      ).rejects.toThrow(/duplicate key value violates unique constraint "swap_valuation_pkey"/)
      expect(await count(model.query, 'swap_valuation')).toBe(6)
      // Writing a block again replaces its valuations' rows with its swaps'.
      await writeBlocks(model, [records[0]!])
      expect(await count(model.query, 'swap_valuation')).toBe(0)
    } finally {
      await model.close()
    }
  })

  test('behavior: blocks to price again come in block order across digit boundaries, with the range’s first and last done blocks', async () => {
    const db = testDatabase(kind, { kind: 'model', model: 'pricing_order_test' })
    made.push(db)
    await migrateModelDb({ target: db.target })
    const model = await createModelDb({ target: db.target })
    try {
      // 8–12 and 97–103; 9, 12, 97 and 103 without swaps; 11 failed.
      const numbers = [8n, 9n, 10n, 11n, 12n, 97n, 98n, 99n, 100n, 101n, 102n, 103n]
      const swapless = new Set([9n, 12n, 97n, 103n])
      await writeBlocks(
        model,
        numbers.map((n) => block(n, swapless.has(n) ? 0 : 2)),
      )
      await markBlocksFailed(model, [{ header: block(11n, 0).header, error: 'test' }])
      const read = await readBlocksForPricing(model, { from: 9n, to: 103n })
      // Numbers as numbers ("10" after "9", "100" after "99"); blocks without swaps only at the ends.
      expect(read.map((b) => b.header.number)).toEqual([9n, 10n, 98n, 99n, 100n, 101n, 102n, 103n])
      expect(read.map((b) => b.poolSwaps.length)).toEqual([0, 2, 2, 2, 2, 2, 2, 0])
      for (const b of read) for (const swap of b.poolSwaps) expect(swap.blockNumber).toBe(b.header.number)
      expect(
        (await readBlocksForPricing(model, { from: 100n, to: 101n })).map((b) => b.header.number),
      ).toEqual([100n, 101n])
      expect(await readBlocksForPricing(model, { from: 13n, to: 96n })).toEqual([])
      // The done block a batch continues from: the closest done one below (11 failed).
      expect((await previousDoneHeader(model, 12n))?.number).toBe(10n)
      expect((await previousDoneHeader(model, 100n))?.number).toBe(99n)
      expect((await previousDoneHeader(model, 97n))?.number).toBe(12n)
      expect(await previousDoneHeader(model, 8n)).toBeUndefined()
    } finally {
      await model.close()
    }
  })

  test('behavior: canonical prices of the periods computed whole replace every stored row of those periods; others stay', async () => {
    const db = testDatabase(kind, { kind: 'model', model: 'canonical_replace_test' })
    made.push(db)
    await migrateModelDb({ target: db.target })
    const model = await createModelDb({ target: db.target })
    try {
      const row = (token: string, periodStart: number, priceUsd: string): CanonicalPriceRow => ({
        token,
        periodSeconds: 60,
        periodStart,
        priceUsd,
        priceAvax: '0.001',
        carriedForward: false,
        pricedPeriodStart: periodStart,
        deviatingSince: null,
        reason: null,
        volumeUsd: '1',
        volumeAvax: '0.04',
        baseVolume: 10n ** 18n,
        swapCount: 1,
        windowSwapCount: 1,
        keptSwapCount: 1,
        keptVolumeUsd: '1',
        referencePriceUsd: priceUsd,
      })
      const P = 1_700_000_040
      const record = { blocks: [], swapValuations: [], tradeValuations: [] }
      await writePricing(model, {
        ...record,
        canonicalPrices: [0, 1, 2, 3, 4].flatMap((k) => [
          row(BLUB, P + 60 * k, '1'),
          row(WAVAX, P + 60 * k, '2'),
        ]),
      })
      // A row no computation writes (not on a period boundary) inside the range goes too.
      await model.query(
        `insert into canonical_price select token, period_seconds, period_start + interval '1 second', price_usd,
           price_avax, carried_forward, priced_period_start, deviating_since, reason, volume_usd, volume_avax,
           base_volume, swap_count, window_swap_count, kept_swap_count, kept_volume_usd, reference_price_usd,
           updated_at from canonical_price where period_start = to_timestamp($1::double precision) at time zone 'UTC'`,
        [String(P + 120)],
      )
      // Periods 1–3 computed again: BLUB has a row for period 2 only now, WAVAX none.
      await writePricing(model, {
        ...record,
        canonicalPrices: [row(BLUB, P + 120, '1.5')],
        canonicalPeriods: { periodSeconds: 60, from: P + 60, through: P + 180 },
      })
      const list = async (token: string) =>
        (await listCanonicalPrices(model, { token, periodSeconds: 60, from: P, to: P + 600 })).map((r) => [
          r.periodStart - P,
          r.priceUsd,
        ])
      expect(await list(BLUB)).toEqual([
        [0, '1'],
        [120, '1.5'],
        [240, '1'],
      ])
      expect(await list(WAVAX)).toEqual([
        [0, '2'],
        [240, '2'],
      ])
    } finally {
      await model.close()
    }
  })

  test('behavior: the valuation_keys and narrow_valuations migrations keep existing valuations, keyed by their swap and trade', async () => {
    const db = testDatabase(kind, { kind: 'model', model: 'valuation_keys_test' })
    made.push(db)
    const migrateUpTo = (next: string) => migrateBefore(db.target, next)
    await migrateUpTo('valuation_keys')
    const connection = await connectTarget(db.target)
    try {
      const records = [block(100n, 2)]
      const swap = records[0]!.poolSwaps[1]!
      const trade = records[0]!.trades[1]!
      await connection.query(
        `insert into processed_block (number, hash, parent_hash, timestamp, status) values (100, '0xa', '0xb', now(), 'done')`,
      )
      await connection.query(
        `insert into pool_swap (id, block_number, block_time, transaction_hash, transaction_index, log_index, pool,
           pool_type, taker, sender, recipient, direction, base_token, quote_token, base_amount, quote_amount,
           log_indexes, bin_ids)
         values ($1, 100, now(), '0xt', 1, $2, $3, 'uniswap_v2_pair', $4, $4, $4, 'buy', $5, $4, 1, 1, '{}', '{}')`,
        [swap.id, swap.logIndex, POOL, WAVAX, BLUB],
      )
      await connection.query(
        `insert into trade (id, block_number, block_time, transaction_hash, transaction_index, log_index, taker, route,
           pools, swap_count, token_in, amount_in, token_out, amount_out, direction, base_token, quote_token,
           base_amount, quote_amount)
         values ($1, 100, now(), '0xt', 1, $2, $3, $4, $5, 1, $3, 1, $6, 1, 'buy', $6, $3, 1, 1)`,
        [trade.id, trade.logIndex, WAVAX, [swap.id], [POOL], BLUB],
      )
      await connection.query(
        `insert into swap_valuation (swap_id, denomination, block_number, block_time, pool, base_token, method, value,
           tier) values ($1, 'USD', 100, now(), $2, $3, 'DIRECT_AVAX', 25, 'model_config'),
                        ($1, 'AVAX', 100, now(), $2, $3, 'DIRECT_AVAX', 1, 'model_config')`,
        [swap.id, POOL, BLUB],
      )
      await connection.query(
        `insert into trade_valuation (trade_id, denomination, block_number, method, value)
         values ($1, 'USD', 100, 'DIRECT', 25), ($1, 'AVAX', 100, 'DIRECT', 1)`,
        [trade.id],
      )
      const keyed = await migrateUpTo('narrow_valuations')
      expect(keyed.applied).toEqual([expect.stringMatching(/_valuation_keys$/)])
      expect(
        await connection.query(
          'select swap_id, denomination::text, log_index, value::int from swap_valuation order by denomination',
        ),
      ).toEqual([
        { swap_id: swap.id, denomination: 'AVAX', log_index: swap.logIndex, value: 1 },
        { swap_id: swap.id, denomination: 'USD', log_index: swap.logIndex, value: 25 },
      ])
      expect(
        await connection.query('select trade_id, log_index from trade_valuation order by denomination'),
      ).toEqual([
        { trade_id: trade.id, log_index: trade.logIndex },
        { trade_id: trade.id, log_index: trade.logIndex },
      ])
      // narrow_valuations drops the copies of the swap's (trade's) own columns: the rows stay,
      // joined to their swap and trade by block and log index.
      const result = await migrateUpTo('valuation_avax_usd_used')
      expect(result.applied).toEqual([expect.stringMatching(/_narrow_valuations$/)])
      expect(
        await connection.query(
          `select s.id, v.denomination::text, v.value::int from swap_valuation v
             join pool_swap s on s.block_number = v.block_number and s.log_index = v.log_index
            order by v.denomination::text`,
        ),
      ).toEqual([
        { id: swap.id, denomination: 'AVAX', value: 1 },
        { id: swap.id, denomination: 'USD', value: 25 },
      ])
      expect(
        await connection.query(
          `select t.id from trade_valuation v
             join trade t on t.block_number = v.block_number and t.log_index = v.log_index`,
        ),
      ).toEqual([{ id: trade.id }, { id: trade.id }])
      const columns = await connection.query<{ column: string }>(
        `select table_name || '.' || column_name as column from information_schema.columns
          where table_name in ('swap_valuation', 'trade_valuation')
            and column_name in ('swap_id', 'trade_id', 'pool', 'base_token', 'block_time')`,
      )
      expect(columns).toEqual([])
      const keys = await connection.query<{ table: string; columns: string }>(
        `select c.conrelid::regclass::text as table, string_agg(a.attname, ',' order by k.n) as columns
           from pg_constraint c cross join lateral unnest(c.conkey) with ordinality k(attnum, n)
           join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
          where c.conrelid in ('swap_valuation'::regclass, 'trade_valuation'::regclass) and c.contype in ('p', 'f', 'u')
          group by c.conname, c.conrelid, c.contype order by 1, 2`,
      )
      // Only the primary keys are left: no foreign key (nor unique key).
      expect(keys).toEqual([
        { table: 'swap_valuation', columns: 'block_number,log_index,denomination' },
        { table: 'trade_valuation', columns: 'block_number,log_index,denomination' },
      ])
    } finally {
      await connection.close()
    }
  })
  test('behavior: the valuation_avax_usd_used migration leaves AVAX/USD only on the rows computed with it', async () => {
    const db = testDatabase(kind, { kind: 'model', model: 'avax_usd_used_test' })
    made.push(db)
    await migrateBefore(db.target, 'valuation_avax_usd_used')
    const connection = await connectTarget(db.target)
    try {
      // Rows as idx wrote them before: both rows of a direct swap carry the AVAX/USD price.
      await connection.query(
        `insert into swap_valuation (denomination, block_number, log_index, method, value, price, tier, avax_usd,
           avax_usd_block, stale, error_code)
         values ('USD', 100, 1, 'DIRECT_AVAX', 25, 0.025, 'model_config', 25, 100, false, null),
                ('AVAX', 100, 1, 'DIRECT_AVAX', 1, 0.001, 'model_config', 25, 100, null, null),
                ('USD', 100, 2, 'DIRECT_USD', 50, 1, 'contract_default', 25, 99, null, null),
                ('AVAX', 100, 2, 'DIRECT_USD', 2, 0.04, 'contract_default', 25, 99, true, null),
                ('USD', 100, 3, 'GLOBAL', 5, 0.5, 'global', null, null, null, null),
                ('AVAX', 100, 3, 'ERROR', null, null, 'global', null, null, null, 'no_canonical_price')`,
      )
      // Migrated so far without idx's marker of the model (as Prisma's own CLI would): adopted here.
      const result = await migrateModelDb({ target: db.target, adopt: true })
      expect(result.applied[0]).toMatch(/_valuation_avax_usd_used$/) // then the migrations after it
      expect(
        await connection.query(
          // (ordered by the denomination as text: AVAX, then USD)
          `select log_index, denomination::text, method::text, avax_usd::text, avax_usd_block::text, stale,
                  value::text
             from swap_valuation order by log_index, denomination`,
        ),
      ).toEqual([
        {
          log_index: 1,
          denomination: 'AVAX',
          method: 'DIRECT_AVAX',
          avax_usd: null,
          avax_usd_block: null,
          stale: null,
          value: '1.000000000000000000000000000000',
        },
        {
          log_index: 1,
          denomination: 'USD',
          method: 'DIRECT_AVAX',
          avax_usd: '25.000000000000000000',
          avax_usd_block: '100',
          stale: false,
          value: '25.000000000000000000000000000000',
        },
        {
          log_index: 2,
          denomination: 'AVAX',
          method: 'DIRECT_USD',
          avax_usd: '25.000000000000000000',
          avax_usd_block: '99',
          stale: true,
          value: '2.000000000000000000000000000000',
        },
        {
          log_index: 2,
          denomination: 'USD',
          method: 'DIRECT_USD',
          avax_usd: null,
          avax_usd_block: null,
          stale: null,
          value: '50.000000000000000000000000000000',
        },
        {
          log_index: 3,
          denomination: 'AVAX',
          method: 'ERROR',
          avax_usd: null,
          avax_usd_block: null,
          stale: null,
          value: null,
        },
        {
          log_index: 3,
          denomination: 'USD',
          method: 'GLOBAL',
          avax_usd: null,
          avax_usd_block: null,
          stale: null,
          value: '5.000000000000000000000000000000',
        },
      ])
    } finally {
      await connection.close()
    }
  })
})
