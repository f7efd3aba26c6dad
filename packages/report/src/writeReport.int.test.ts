// The report of a model indexed from a real chain (anvil, PostgreSQL), opened
// in a real headless Chromium: it renders with no console error and no
// request beyond its own file, and draws as many candles as the stored
// canonical prices give periods (counted here from canonical_price, not from
// the aggregates). A screenshot is written to test-artifacts/ (gitignored).

import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createModelSource, loadIndexerModel, runRange } from '@idx/pipeline'
import {
  createScenarioDatabases,
  RPC_ENV,
  type Scenario,
  type ScenarioDatabases,
  scenarioConfig,
  startScenario,
} from '@idx/pipeline/testing'
import { listModelSources } from '@idx/shared-db'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { launchChromium } from './_test/openInChromium'
import { writeReport } from './writeReport'

const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url))

let scenario: Scenario
let dbs: ScenarioDatabases
let browser: Browser

beforeAll(async () => {
  // Blocks 20 s apart: the activity spans several minutes, so several candles.
  scenario = await startScenario({
    blocks: 60,
    swapsPerBlock: 3,
    priceUpdateEvery: 10,
    seed: 7,
    parts: [{ blocks: 60, secondsApart: 20 }],
  })
  dbs = await createScenarioDatabases('postgres', scenarioConfig(scenario, { model: 'report' }), 'report')
  const model = await loadIndexerModel({ shared: dbs.shared, model: 'report' })
  const { source } = createModelSource({
    sources: await listModelSources(dbs.shared.client, 'report'),
    env: { [RPC_ENV]: scenario.anvil.rpcUrl },
  })
  try {
    await runRange({ model, db: dbs.model, source, from: scenario.firstBlock, to: scenario.lastBlock })
  } finally {
    await source.close?.()
  }
  browser = await launchChromium()
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await dbs?.close()
  await scenario?.stop()
})

test('default: the report renders its candles and series in Chromium, offline, with no console error', async () => {
  const { blub, wavax } = scenario.market.tokens
  mkdirSync(ARTIFACTS, { recursive: true })
  const written = await writeReport(dbs.model, {
    model: 'report',
    tokens: [
      { address: blub.toLowerCase(), symbol: 'BLUB', decimals: 18 },
      { address: wavax.toLowerCase(), symbol: 'WAVAX', decimals: 18 },
    ],
    out: path.join(ARTIFACTS, 'report.html'),
  })
  const { periodSeconds } = written.data
  expect(periodSeconds).toBe(60)
  // The periods with a canonical USD price, per token, from canonical_price itself.
  const expected = await dbs.model.query<{ token: string; n: number }>(
    `select token, count(distinct floor(extract(epoch from period_start) / $1))::int as n
       from canonical_price where price_usd is not null group by token`,
    [periodSeconds],
  )
  const blubCandles = expected.find((row) => row.token === blub.toLowerCase())?.n ?? 0
  expect(blubCandles).toBeGreaterThan(5)

  // A valid language tag (the machine's POSIX locale gives Chromium `en-US@posix`, which
  // Intl rejects with a console warning).
  const page = await browser.newPage({ viewport: { width: 1200, height: 1600 }, locale: 'en-US' })
  const problems: string[] = []
  const requests: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text())
  })
  page.on('pageerror', (error) => problems.push(error.message))
  page.on('request', (request) => requests.push(request.url()))
  const url = pathToFileURL(written.path).href
  await page.goto(url)
  await page.waitForSelector('body[data-rendered="true"]', { timeout: 20_000 })
  const drawn = await page.evaluate(
    () =>
      (
        globalThis as unknown as {
          idxReport: {
            candles: Record<string, number>
            series: { token: string; name: string; points: number }[]
          }
        }
      ).idxReport,
  )
  expect(problems).toEqual([])
  expect(requests).toEqual([url])
  expect(drawn.candles.BLUB).toBe(blubCandles)
  const tokensDrawn = Object.keys(drawn.candles)
  expect(tokensDrawn).toContain('BLUB')
  expect(drawn.series.map((s) => `${s.token}:${s.name}`)).toEqual(
    tokensDrawn.flatMap((token) => ['candles', 'volume', 'buys', 'sells'].map((name) => `${token}:${name}`)),
  )
  // Each chart painted onto its canvases.
  const canvases = await page.locator('#price-0 canvas').count()
  expect(canvases).toBeGreaterThan(0)
  // The tables: every pool the model swapped in, and the method mix.
  const pools = await dbs.model.query<{ n: number }>('select count(distinct pool)::int as n from pool_swap')
  expect(await page.locator('section:has(h2:text("Volume by pool")) tbody tr').count()).toBe(pools[0]!.n)
  await page.screenshot({ path: path.join(ARTIFACTS, 'report.png'), fullPage: true })
  await page.close()
})
