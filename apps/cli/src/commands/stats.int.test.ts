// `idx stats` and `idx stats rebuild` through the CLI against anvil and
// PostgreSQL: each period's figures are the sums of the stored trades computed
// here, and a rebuild from the rows gives the rows processing maintained.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { readPeriodStatRows, type Scenario, startScenario } from '@idx/pipeline/testing'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runCli } from '../_test/cli'
import { type CliScenarioSetup, setUpCliScenario } from '../_test/cliScenario'

let scenario: Scenario
let setup: CliScenarioSetup
const cleanups: (() => Promise<void> | void)[] = []

beforeAll(async () => {
  scenario = await startScenario({ blocks: 30, swapsPerBlock: 4, priceUpdateEvery: 5, seed: 19 })
  setup = await setUpCliScenario(scenario, cleanups, 'postgres', 'statscli')
  const processed = await runCli(
    ['process', 'range', setup.from, setup.to, '--model', 'statscli', '--json'],
    setup.env,
  )
  expect(processed.code, processed.stderr).toBe(0)
}, 180_000)

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
  await scenario?.stop()
})

const json = async (argv: string[]) => {
  const result = await runCli([...argv, '--json'], setup.env)
  expect(result.code, result.stderr).toBe(0)
  return JSON.parse(result.stdout)
}

describe('idx stats', () => {
  test('default: each minute holds the sums of the stored trades of that minute', async () => {
    const blub = scenario.market.tokens.blub.toLowerCase()
    const trades = await setup.db.query<{ time: string; direction: string; base: string; taker: string }>(
      `select extract(epoch from block_time)::bigint::text as time, direction::text as direction,
              base_amount::text as base, taker from trade where base_token = $1 and direction is not null`,
      [blub],
    )
    expect(trades.length).toBeGreaterThan(20)
    const expected = new Map<string, { trades: number; buys: number; base: bigint; takers: Set<string> }>()
    for (const trade of trades) {
      const start = new Date(Math.floor(Number(trade.time) / 60) * 60_000).toISOString().replace('.000Z', 'Z')
      const entry = expected.get(start) ?? { trades: 0, buys: 0, base: 0n, takers: new Set<string>() }
      entry.trades += 1
      entry.buys += trade.direction === 'buy' ? 1 : 0
      entry.base += BigInt(trade.base)
      entry.takers.add(trade.taker)
      expected.set(start, entry)
    }
    const out = await json(['stats', '--model', 'statscli', '--token', 'BLUB', '--period', '1m'])
    expect(out).toMatchObject({ symbol: 'BLUB', token: blub, periodSeconds: 60 })
    const traded = out.periods.filter((p: { tradeCount: number }) => p.tradeCount > 0)
    expect(
      new Map(
        traded.map(
          (p: {
            periodStart: string
            tradeCount: number
            buyCount: number
            baseVolume: string
            takerCount: number
          }) => [p.periodStart, [p.tradeCount, p.buyCount, p.baseVolume, p.takerCount]],
        ),
      ),
    ).toEqual(
      new Map(
        [...expected].map(([start, e]) => [start, [e.trades, e.buys, e.base.toString(), e.takers.size]]),
      ),
    )
    // The day's row holds them all.
    const day = await json(['stats', '--model', 'statscli', '--token', 'BLUB', '--period', '1d'])
    expect(day.periods.reduce((sum: number, p: { tradeCount: number }) => sum + p.tradeCount, 0)).toBe(
      trades.length,
    )
    const text = await runCli(
      ['stats', '--model', 'statscli', '--token', 'BLUB', '--period', '5m'],
      setup.env,
    )
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toMatch(/BLUB per 5m/)
    expect(text.stdout).toMatch(/period start\s+open\s+high\s+low\s+close\s+USD volume\s+BLUB volume/)
  })

  test('rebuild: emptied aggregates are computed again, the same as processing left them', async () => {
    const maintained = await readPeriodStatRows(setup.db)
    expect(maintained.tokenPeriodStats.length).toBeGreaterThan(0)
    expect(maintained.poolPeriodStats.length).toBeGreaterThan(0)
    await setup.db.query('truncate token_period_stat, pool_period_stat')
    const out = await json(['stats', 'rebuild', '--model', 'statscli'])
    expect(out.tokenRows).toBe(maintained.tokenPeriodStats.length)
    expect(await readPeriodStatRows(setup.db)).toEqual(maintained)
  })

  test('error: a period that is not aggregated, and a token the shared database lacks, are one sentence each', async () => {
    const period = await runCli(
      ['stats', '--model', 'statscli', '--token', 'BLUB', '--period', '2h'],
      setup.env,
    )
    expect(period.code).toBe(1)
    expect(period.stderr).toContain('--period "2h" is not an aggregated period: use 1m, 5m, 1h, 4h or 1d.')
    const token = await runCli(['stats', '--model', 'statscli', '--token', 'NOPE'], setup.env)
    expect(token.code).toBe(1)
    expect(token.stderr).toContain('The shared database has no token "NOPE".')
  })
})

describe('idx report', () => {
  test('default: writes one HTML file holding the candles of the stored aggregates, with nothing to load', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'idx-report-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const out = await json(['report', '--model', 'statscli', '--out', path.join(dir, 'r.html')])
    expect(out.path).toBe(path.join(dir, 'r.html'))
    const blub = scenario.market.tokens.blub.toLowerCase()
    const [stored] = await setup.db.query<{ n: number }>(
      'select count(*)::int as n from token_period_stat where token = $1 and period_seconds = $2',
      [blub, out.periodSeconds],
    )
    expect(out.tokens).toContainEqual({ symbol: 'BLUB', periods: stored!.n })
    const html = readFileSync(out.path, 'utf8')
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain('TradingView Lightweight Charts')
    // Self-contained: no script, stylesheet or image is fetched from anywhere.
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i)
  })
})
