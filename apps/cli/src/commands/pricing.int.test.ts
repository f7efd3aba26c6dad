// `idx pricing …` through the CLI against anvil and PostgreSQL: the chain's
// own answers (latestRoundData at each block) and the stored rows are what the
// commands print.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { readSettings, sharedDatabaseTarget } from '@idx/config'
import { createModelSource, storedBlockPath } from '@idx/pipeline'
import { RPC_ENV, type Scenario, startScenario, toStoredBlockJson } from '@idx/pipeline/testing'
import { createSharedDb } from '@idx/shared-db'
import { readLatestRoundData, testAggregatorAbi } from '@idx/testkit'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
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

describe('idx pricing avax without a node', () => {
  // A model that reads stored block files only and does not track the feed: no AVAX/USD at all.
  let nofeed: CliScenarioSetup
  let dir: string
  let blocksWithSwaps: bigint[]
  const rounds = new Map<bigint, { answer: bigint; roundId: bigint; updatedAt: bigint }>()
  const files = mkdtempSync(path.join(tmpdir(), 'idx-avax-files-'))
  const file = (name: string, text: string) => {
    const at = path.join(files, name)
    writeFileSync(at, text)
    return at
  }
  const storedPrices = async () => {
    const shared = await createSharedDb({ target: sharedDatabaseTarget(readSettings({ env: nofeed.env })) })
    try {
      return await shared.query<{
        block: string
        answer: string
        round: string
        answered: string
        stale: boolean
      }>(
        `select block_number::text as block, answer::text, round_id::text as round,
                extract(epoch from answered_at)::bigint::text as answered, stale
           from avax_usd_price p order by p.block_number`,
      )
    } finally {
      await shared.close()
    }
  }
  const errors = async () =>
    (
      await nofeed.db.query<{ n: number }>(
        `select count(*)::int as n from swap_valuation where method = 'ERROR'`,
      )
    )[0]!.n

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'idx-avax-blocks-'))
    nofeed = await setUpCliScenario(
      scenario,
      cleanups,
      'postgres',
      'nofeedcli',
      { modelSources: ['stored'], storedBlocks: dir },
      (texts) => ({ ...texts, model: texts.model.replace(/ {2}- "0x[0-9a-fA-F]+" # AVAX\/USD feed\n/, '') }),
    )
    cleanups.push(
      () => rmSync(dir, { recursive: true, force: true }),
      () => rmSync(files, { recursive: true, force: true }),
    )
    const rpc = createModelSource({
      sources: [{ name: 'rpc', type: 'rpc', settings: { url_env: RPC_ENV } }],
      env: scenario.env,
    })
    for (const block of await rpc.source.getBlocks({
      from: scenario.firstBlock,
      to: scenario.lastBlock,
      addresses: scenario.addresses,
    }))
      writeFileSync(storedBlockPath(dir, block.number), JSON.stringify(toStoredBlockJson(block)))
    await rpc.source.close?.()
    const processed = await runCli(
      ['process', 'range', nofeed.from, nofeed.to, '--model', 'nofeedcli'],
      nofeed.env,
    )
    expect(processed.code, processed.stderr).toBe(0)
    blocksWithSwaps = (
      await nofeed.db.query<{ n: string }>(
        'select distinct block_number::text as n from pool_swap order by 1',
      )
    ).map((row) => BigInt(row.n))
    for (const block of blocksWithSwaps)
      rounds.set(
        block,
        await readLatestRoundData(scenario.client, {
          aggregator: scenario.market.aggregator,
          blockNumber: block,
        }),
      )
  }, 180_000)

  test('error: idx pricing avax exits 1 and names the blocks that got no price', async () => {
    const first = scenario.firstBlock
    // The deployment's first blocks come before the feed: no answer exists there.
    const result = await runCli(
      ['pricing', 'avax', '--from', `${first}`, '--to', `${first + 2n}`, '--model', 'nofeedcli'],
      nofeed.env,
    )
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(`✗ 3 blocks got no AVAX/USD price: ${first}–${first + 2n}.`)
    const json = await runCli(
      ['pricing', 'avax', '--from', `${first}`, '--to', `${first + 2n}`, '--model', 'nofeedcli', '--json'],
      nofeed.env,
    )
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout)).toMatchObject({
      missing: 3,
      missingBlocks: [{ from: `${first}`, to: `${first + 2n}` }],
    })
    expect(await storedPrices()).toEqual([])
  })

  test('error: a bad file is named by line and value, a conflicting one refused; nothing is stored', async () => {
    expect(await errors()).toBeGreaterThan(0)
    const [a, b] = blocksWithSwaps
    const bad = file('bad.csv', `block,answer\n${a},${rounds.get(a!)!.answer}\n12a,2500000000\n`)
    const result = await runCli(['pricing', 'avax', 'import', bad, '--model', 'nofeedcli'], nofeed.env)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`Line 3 of "${bad}": the block "12a" is not a block number.`)
    expect(await storedPrices()).toEqual([])
    // A block nobody processed, with no time given.
    const unknown = file('unknown.csv', `block,answer\n${a},1\n99999999,2\n`)
    const far = await runCli(['pricing', 'avax', 'import', unknown, '--model', 'nofeedcli'], nofeed.env)
    expect(far.code).toBe(1)
    expect(far.stderr).toContain(
      `Line 3 of "${unknown}": block 99999999 has no block_time, and model "nofeedcli" has not processed it.`,
    )
    // A price stored already, and another one in the file.
    const round = rounds.get(b!)!
    const one = file(
      'one.csv',
      `block,answer,round_id,answered_at\n${b},${round.answer},${round.roundId},${round.updatedAt}\n`,
    )
    expect((await runCli(['pricing', 'avax', 'import', one, '--model', 'nofeedcli'], nofeed.env)).code).toBe(
      0,
    )
    const before = await storedPrices()
    const other = file('other.csv', `block,answer\n${a},${rounds.get(a!)!.answer}\n${b},1\n`)
    const conflict = await runCli(['pricing', 'avax', 'import', other, '--model', 'nofeedcli'], nofeed.env)
    expect(conflict.code).toBe(1)
    expect(conflict.stderr).toContain(
      `One block has another AVAX/USD price stored than "${other}" gives; nothing was stored.`,
    )
    expect(conflict.stderr).toContain(`Block ${b} has the answer ${round.answer} (round ${round.roundId},`)
    expect(await storedPrices()).toEqual(before)
    const shared = await runCli(
      ['pricing', 'avax', 'import', one, '--model', 'nofeedcli', '--json'],
      nofeed.env,
    )
    expect(JSON.parse(shared.stdout)).toMatchObject({ stored: 0, unchanged: 1, replaced: 0 })
  })

  test('default: answers by time (JSON), then by block (CSV), then idx pricing update values every swap as the chain says', async () => {
    // The feed's rounds from its AnswerUpdated events, keyed by the time each was given.
    const events = await scenario.client.getContractEvents({
      abi: testAggregatorAbi,
      address: scenario.market.aggregator,
      eventName: 'AnswerUpdated',
      fromBlock: scenario.firstBlock,
      toBlock: scenario.lastBlock,
    })
    const answers = events.map((event) => ({
      timestamp: Number(event.args.updatedAt),
      answer: `${event.args.current}`,
      round_id: Number(event.args.roundId),
    }))
    expect(answers.length).toBeGreaterThan(2)
    const byTime = file('rounds.json', JSON.stringify(answers))
    const timed = await runCli(
      ['pricing', 'avax', 'import', byTime, '--model', 'nofeedcli', '--json'],
      nofeed.env,
    )
    expect(timed.code, timed.stderr).toBe(0)
    expect(JSON.parse(timed.stdout)).toMatchObject({ keyedBy: 'time', rows: answers.length })
    expect(JSON.parse(timed.stdout).stored).toBeGreaterThan(10)
    // Every stored price is the chain's at that block.
    for (const price of await storedPrices()) {
      const block = BigInt(price.block)
      const round =
        rounds.get(block) ??
        (await readLatestRoundData(scenario.client, {
          aggregator: scenario.market.aggregator,
          blockNumber: block,
        }))
      expect([price.answer, price.round, price.answered], `block ${block}`).toEqual([
        `${round.answer}`,
        `${round.roundId}`,
        `${round.updatedAt}`,
      ])
    }
    // Then every block with swaps, by block.
    const csv = file(
      'avax.csv',
      [
        'block,answer,round_id,answered_at',
        ...blocksWithSwaps.map((n) => {
          const round = rounds.get(n)!
          return `${n},${round.answer},${round.roundId},${round.updatedAt}`
        }),
      ].join('\n'),
    )
    const result = await runCli(['pricing', 'avax', 'import', csv, '--model', 'nofeedcli'], nofeed.env)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/stored now, \d+ already stored the same/)
    expect(result.stdout).toContain(
      'Price the swaps of those blocks again: idx pricing update --model nofeedcli',
    )
    const update = await runCli(['pricing', 'update', '--model', 'nofeedcli', '--json'], nofeed.env)
    expect(update.code, update.stderr).toBe(0)
    expect(JSON.parse(update.stdout).fixed).toBeGreaterThan(0)
    expect(await errors()).toBe(0)
    // The USD value of a BLUB/WAVAX swap is its WAVAX amount times the answer at its block, exactly.
    const swaps = await nofeed.db.query<{ block: string; quote: string; usd: string; avax_usd: string }>(
      `select s.block_number::text as block, s.quote_amount::text as quote, v.value::text as usd, v.avax_usd::text
         from pool_swap s join swap_valuation v on v.block_number = s.block_number and v.log_index = s.log_index
        where s.pool = $1 and v.denomination = 'USD'`,
      [blubPool()],
    )
    expect(swaps.length).toBeGreaterThan(10)
    for (const swap of swaps) {
      const answer = rounds.get(BigInt(swap.block))!.answer
      const exact = BigInt(swap.quote) * answer // × 10^-26
      const [whole, fraction = ''] = swap.usd.split('.')
      expect(BigInt(whole!) * 10n ** 30n + BigInt(fraction.padEnd(30, '0')), `block ${swap.block}`).toBe(
        exact * 10n ** 4n,
      )
      expect(swap.avax_usd).toBe(
        `${answer / 10n ** 8n}.${`${answer % 10n ** 8n}`.padStart(8, '0')}${'0'.repeat(10)}`,
      )
    }
    // Importing the same file again changes nothing.
    const again = await runCli(
      ['pricing', 'avax', 'import', csv, '--model', 'nofeedcli', '--json'],
      nofeed.env,
    )
    expect(JSON.parse(again.stdout)).toMatchObject({
      stored: 0,
      replaced: 0,
      unchanged: blocksWithSwaps.length,
    })
  })
})
