// `idx pricing …` through the CLI against anvil and PostgreSQL: the chain's
// own answers (latestRoundData at each block) and the stored rows are what the
// commands print.

import { readLatestRoundData } from '@idx/testkit'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type Scenario, startScenario } from '../../../../packages/pipeline/src/_test/scenario'
import { runCli } from '../_test/cli'
import { type CliScenarioSetup, setUpCliScenario } from '../_test/cliScenario'

let scenario: Scenario
let setup: CliScenarioSetup
let F: bigint
const cleanups: (() => Promise<void> | void)[] = []

beforeAll(async () => {
  scenario = await startScenario({ blocks: 24, swapsPerBlock: 4, priceUpdateEvery: 5, seed: 9 })
  F = scenario.activity.fromBlock
  // No pricing before F + 8 (no config, no pool default): swaps there are GLOBAL.
  setup = await setUpCliScenario(scenario, cleanups, 'postgres', 'pricecli', { pricingStartBlock: F + 8n })
  const processed = await runCli(
    ['process', 'range', setup.from, setup.to, '--model', 'pricecli', '--json'],
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
const blubPool = () => scenario.market.pairs.blubWavax.address.toLowerCase()
const swapBlocks = async (pool: string) =>
  (
    await setup.db.query<{ n: string }>(
      'select distinct block_number::text as n from pool_swap where pool = $1 order by 1',
      [pool],
    )
  ).map((row) => BigInt(row.n))

describe('idx pricing', () => {
  test('explain: a directly priced block names the method, tier, config row and the AVAX/USD price used', async () => {
    const block = (await swapBlocks(blubPool())).find((n) => n >= F + 8n)!
    const out = await json([
      'pricing',
      'explain',
      '--model',
      'pricecli',
      '--pool',
      blubPool(),
      '--block',
      `${block}`,
    ])
    expect(out.decision).toMatchObject({ method: 'direct_avax', tier: 'model_config' })
    expect(out.config).toMatchObject({ method: 'direct_avax', startBlock: `${F + 8n}`, pricingPool: true })
    expect(out.decision.configId).toBe(out.config.id)
    const round = await readLatestRoundData(scenario.client, {
      aggregator: scenario.market.aggregator,
      blockNumber: block,
    })
    expect(out.avaxUsd.source).toBe('stored')
    expect(out.avaxUsd.price).toBe((Number(round.answer) / 1e8).toString())
    expect(out.swaps.length).toBeGreaterThan(0)
    for (const swap of out.swaps) expect(swap.method).toBe('DIRECT_AVAX')

    const text = await runCli(
      ['pricing', 'explain', '--model', 'pricecli', '--pool', blubPool(), '--block', `${block}`],
      setup.env,
    )
    expect(text.code).toBe(0)
    expect(text.stdout).toContain('DIRECT_AVAX')
    expect(text.stdout).toContain(`config  #${out.config.id}`)
  })

  test('explain: a GLOBAL block shows the canonical price and why there is none', async () => {
    const block = (await swapBlocks(blubPool())).find((n) => n < F + 8n)!
    const out = await json([
      'pricing',
      'explain',
      '--model',
      'pricecli',
      '--pool',
      blubPool(),
      '--block',
      `${block}`,
    ])
    expect(out.decision).toEqual({ method: 'global', tier: 'global' })
    expect(out.config).toBeNull()
    expect(out.canonical.priceUsd).toBeNull()
    expect(out.canonical.window).toEqual([])
    for (const swap of out.swaps) {
      expect(swap.method).toBe('ERROR')
      expect(swap.reason).toMatch(/No canonical price/)
    }
  })

  test('show: the canonical series is the stored rows', async () => {
    const out = await json(['pricing', 'show', '--model', 'pricecli', '--token', 'BLUB'])
    const stored = await setup.db.query<{ price_usd: string }>(
      'select price_usd::text from canonical_price where token = $1 order by period_start',
      [scenario.market.tokens.blub.toLowerCase()],
    )
    expect(out.prices.length).toBe(stored.length)
    expect(out.prices.length).toBeGreaterThan(0)
    for (const [i, row] of stored.entries())
      expect(Number(out.prices[i].priceUsd)).toBe(Number(row.price_usd))
    const text = await runCli(['pricing', 'show', '--model', 'pricecli', '--token', 'blub'], setup.env)
    expect(text.stdout).toContain('BLUB canonical price')
    expect(text.stdout).toMatch(/period start\s+USD\s+AVAX/)
  })

  test('avax: stores every block of the range as the chain says, and reuses it the second time', async () => {
    const from = F
    const to = F + 5n
    const first = await json(['pricing', 'avax', '--from', `${from}`, '--to', `${to}`, '--model', 'pricecli'])
    expect(first.prices.length).toBe(6)
    expect(first.stored + first.reused).toBe(6)
    for (const row of first.prices) {
      const round = await readLatestRoundData(scenario.client, {
        aggregator: scenario.market.aggregator,
        blockNumber: BigInt(row.block),
      })
      expect(row.price).toBe((Number(round.answer) / 1e8).toString())
      expect(row.roundId).toBe(round.roundId.toString())
    }
    const second = await json(['pricing', 'avax', '--from', `${from}`, '--to', `${to}`])
    expect(second.reused).toBe(6)
    expect(second.stored).toBe(0)
  })

  test('update: pricing the stored blocks again changes nothing, twice', async () => {
    const dump = async () =>
      JSON.stringify(
        await setup.db.query('select * from swap_valuation order by block_number, log_index, denomination'),
      )
    const before = await dump()
    const out = await json(['pricing', 'update', '--model', 'pricecli'])
    expect(out.swaps).toBe(await setup.db.client.poolSwap.count())
    expect(out.fixed).toBe(0)
    expect(await dump()).toBe(before)
  })

  test('error: bad input is one sentence naming the value, exit 1', async () => {
    const pool = await runCli(
      [
        'pricing',
        'explain',
        '--model',
        'pricecli',
        '--pool',
        '0x000000000000000000000000000000000000dead',
        '--block',
        '1',
      ],
      setup.env,
    )
    expect(pool.code).toBe(1)
    expect(pool.stderr).toContain('tracks no pool 0x000000000000000000000000000000000000dead')
    const token = await runCli(['pricing', 'show', '--model', 'pricecli', '--token', 'NOPE'], setup.env)
    expect(token.code).toBe(1)
    expect(token.stderr).toContain('no token "NOPE"')
    const range = await runCli(['pricing', 'avax', '--from', '10', '--to', '5'], setup.env)
    expect(range.code).toBe(1)
    expect(range.stderr).toContain('ends (block 5) before it starts (block 10)')
    const when = await runCli(
      ['pricing', 'show', '--model', 'pricecli', '--token', 'BLUB', '--from', 'yesterday'],
      setup.env,
    )
    expect(when.code).toBe(1)
    expect(when.stderr).toContain('--from "yesterday" is neither a block number nor an ISO date')
  })
})
