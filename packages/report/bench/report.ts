// `pnpm bench:report`: how long `idx report` takes on a model with a million trades.
//
// 1. Creates and migrates a fresh model database on PostgreSQL and fills it with SQL alone
//    (generate_series, no chain): --trades N blocks 2.6 s apart (default 1,000,000: 30 days),
//    each with one BLUB/WAVAX pool swap (one of two pools) that is one trade of one of 5,000
//    wallets, both valued in USD and AVAX (one swap in 200 unvalued, with a reason), and BLUB's
//    canonical price for every minute. Not measured.
// 2. Builds the period aggregates from those rows (`rebuildPeriodStats`, what
//    `idx stats rebuild` runs) and prints how long that took.
// 3. Writes the report (`writeReport`, what `idx report` runs) --runs times and prints the
//    time reading the data and rendering the page, and the file's size.
//
// The server is IDX_TEST_DATABASE_URL (default the local trust-auth server); the database is
// dropped at the end. `--keep` keeps the report file (its path is printed).

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { createModelDb, migrateModelDb, rebuildPeriodStats } from '@idx/model-db'
import { testDatabase } from '@idx/testkit'
import { writeReport } from '../src/writeReport'

const { values } = parseArgs({
  options: {
    trades: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
  },
})
const trades = Number(values.trades)
const BLUB = '0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd'
const WAVAX = '0xb31f66aa3c1e785363f0875a1b74e27b85fd66c7'
const POOLS = ['0x39888258d60fed9228f89e13eb57a92f1fa832eb', '0xa87866ba0d82155d0ff36ad06e555aebc98595ca']
const START = 1_735_689_600 // 2025-01-01T00:00:00Z

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const database = testDatabase('postgres', { kind: 'model', model: 'reportbench' })
const dir = mkdtempSync(path.join(tmpdir(), 'idx-report-bench-'))
try {
  await migrateModelDb({ target: database.target })
  const db = await createModelDb({ target: database.target })
  try {
    let started = performance.now()
    // Block n at START + 2.6 n seconds; its one swap (log index 0) is its one trade.
    await db.query(
      `insert into processed_block (number, hash, parent_hash, timestamp, status, swap_count, trade_count)
       select n, 'h' || n, 'h' || (n - 1), to_timestamp($2 + n * 2.6) at time zone 'UTC', 'done', 1, 1
         from generate_series(1, $1::int) n`,
      [trades, START],
    )
    await db.query(
      `insert into pool_swap (id, block_number, block_time, transaction_hash, transaction_index, log_index, pool,
         pool_type, taker, sender, recipient, direction, base_token, quote_token, base_amount, quote_amount,
         log_indexes, bin_ids, trade_id)
       select 's' || n, n, to_timestamp($2 + n * 2.6) at time zone 'UTC', 't' || n, 0, 0, ($3::text[])[1 + n % 2],
         'uniswap_v2_pair', 'w' || (n::bigint * 7919 % 5000), 'r', 'w' || (n::bigint * 7919 % 5000),
         (case when n % 3 = 0 then 'sell' else 'buy' end)::swap_direction, $4, $5,
         (1000 + n % 997) * 1000000000000000000::numeric, (1 + n % 13) * 100000000000000000::numeric,
         '{0}', '{}', 'x' || n
         from generate_series(1, $1::int) n`,
      [trades, START, POOLS, BLUB, WAVAX],
    )
    await db.query(
      `insert into trade (id, block_number, block_time, transaction_hash, transaction_index, log_index, taker, wallet,
         route, pools, swap_count, asset_legs, token_in, amount_in, token_out, amount_out, direction, base_token,
         quote_token, base_amount, quote_amount)
       select 'x' || s.block_number, s.block_number, s.block_time, s.transaction_hash, 0, 0, s.taker, s.taker,
         array[s.id], array[s.pool], 1, array[s.id],
         case when s.direction = 'buy' then s.quote_token else s.base_token end,
         case when s.direction = 'buy' then s.quote_amount else s.base_amount end,
         case when s.direction = 'buy' then s.base_token else s.quote_token end,
         case when s.direction = 'buy' then s.base_amount else s.quote_amount end,
         s.direction, s.base_token, s.quote_token, s.base_amount, s.quote_amount
         from pool_swap s`,
    )
    // AVAX value = the WAVAX side; USD at 25 USD per AVAX; one swap in 200 unvalued.
    for (const [table, method, error] of [
      ['swap_valuation', "'DIRECT_AVAX'::swap_valuation_method", "'ERROR'::swap_valuation_method"],
      ['trade_valuation', "'DIRECT'::trade_valuation_method", "'ERROR'::trade_valuation_method"],
    ] as const)
      await db.query(
        `insert into ${table} (denomination, block_number, log_index, method, value
           ${table === 'swap_valuation' ? ', price, tier, reason, error_code' : ', reason, error_code'})
         select d::denomination, s.block_number, 0, case when s.block_number % 200 = 0 then ${error} else ${method} end,
           case when s.block_number % 200 = 0 then null
                else s.quote_amount / 1e18 * (case when d = 'USD' then 25 else 1 end) end
           ${
             table === 'swap_valuation'
               ? `, case when s.block_number % 200 = 0 then null
                    else s.quote_amount / s.base_amount * (case when d = 'USD' then 25 else 1 end) end, 'model_config'`
               : ''
           },
           case when s.block_number % 200 = 0 then 'No AVAX/USD price is known at this block.' end,
           case when s.block_number % 200 = 0 then 'NO_AVAX_USD' end
           from pool_swap s cross join (values ('USD'), ('AVAX')) v(d)`,
      )
    await db.query(
      `insert into canonical_price (token, period_seconds, period_start, price_usd, price_avax, carried_forward,
         volume_usd, volume_avax, base_volume, swap_count, window_swap_count, kept_swap_count, kept_volume_usd)
       select $1, 60, to_timestamp($2 + m * 60) at time zone 'UTC', 0.0025 + 0.0001 * sin(m / 90.0),
         0.0001 + 0.000004 * sin(m / 90.0), false, 0, 0, 0, 0, 0, 0, 0
         from generate_series(0, ceil($3 * 2.6 / 60)::int) m`,
      [BLUB, START, trades],
    )
    await db.query('analyze')
    console.log(
      `model: ${trades.toLocaleString('en-US')} trades and swaps over ${((trades * 2.6) / 86_400).toFixed(1)} days generated in ${seconds(performance.now() - started)}`,
    )
    started = performance.now()
    const rebuilt = await rebuildPeriodStats(db)
    console.log(
      `idx stats rebuild: ${seconds(performance.now() - started)} (${rebuilt.tokenRows.toLocaleString('en-US')} token periods, ${rebuilt.poolRows.toLocaleString('en-US')} pool periods)`,
    )
    for (let run = 1; run <= Number(values.runs); run++) {
      started = performance.now()
      const written = await writeReport(db, {
        model: 'reportbench',
        tokens: [
          { address: BLUB, symbol: 'BLUB', decimals: 18 },
          { address: WAVAX, symbol: 'WAVAX', decimals: 18 },
        ],
        out: path.join(dir, 'report.html'),
      })
      const candles = written.data.tokens.map((t) => `${t.token.symbol} ${t.periods.length}`).join(', ')
      console.log(
        `idx report run ${run}: ${seconds(performance.now() - started)} (read ${seconds(written.readMs)}, render and write ${seconds(written.renderMs)}), ${(written.bytes / 1e6).toFixed(2)} MB, ${written.data.periodSeconds} s candles (${candles})${values.keep ? `: ${written.path}` : ''}`,
      )
    }
  } finally {
    await db.close()
  }
} finally {
  await database.drop()
  if (!values.keep) rmSync(dir, { recursive: true, force: true })
}
