import { describe, expect, test } from 'vitest'
import { KINDS, useSharedTestDb } from '../_test/db'
import { POOLS, replaceOnce, sampleModel, sampleShared } from '../_test/fixtures'
import type { SharedDb } from '../client'
import { findPricingConfigVersions, loadPoolPricingAt } from '../repositories/pricingHistory'
import { importModelConfig } from './model'
import { importSharedConfig } from './shared'

const generation = async (db: SharedDb, name = 'blub_test') =>
  (await db.client.model.findUniqueOrThrow({ where: { name }, select: { generation: true } })).generation

/** The configs of the model as the database holds them now, and every version kept. */
async function configs(db: SharedDb) {
  const current = await db.query<{ id: number; pool: string; method: string; generation: number }>(
    `select c.id, p.address as pool, c.method::text as method, c.generation
       from pool_pricing_config c join contract p on p.id = c.pool_id order by c.id`,
  )
  const history = await db.query<{
    id: number
    pool: string
    method: string
    generation: number
    retired_generation: number
  }>(
    `select h.id, p.address as pool, h.method::text as method, h.generation, h.retired_generation
       from pool_pricing_config_history h join contract p on p.id = h.pool_id order by h.id, h.retired_generation`,
  )
  return { current, history }
}

// The sample model, with its launch pool's config dropped and the LB pool's method changed.
const edited = () =>
  sampleModel((text) =>
    replaceOnce(
      replaceOnce(
        text,
        `  - pool: "${POOLS.launch}" # launch pool\n    method: global # valued at BLUB's canonical price\n    start_block: 58299144\n`,
        '',
      ),
      `  - pool: "${POOLS.lfjLb}" # LFJ Liquidity Book\n    method: direct_avax`,
      `  - pool: "${POOLS.lfjLb}" # LFJ Liquidity Book\n    method: global`,
    ),
  )

describe.each(KINDS)('configuration generations (%s)', (kind) => {
  const t = useSharedTestDb(kind)

  test('default: a new model is generation 1; an unchanged import keeps it; a changing one adds one', async () => {
    await importSharedConfig(t.db, sampleShared())
    expect((await importModelConfig(t.db, sampleModel())).generation).toEqual({ from: null, to: 1 })
    expect(await generation(t.db)).toBe(1)
    expect((await importModelConfig(t.db, sampleModel())).generation).toEqual({ from: 1, to: 1 })
    expect((await importModelConfig(t.db, edited(), { dryRun: true })).generation).toEqual({ from: 1, to: 2 })
    expect(await generation(t.db)).toBe(1) // a dry run writes nothing
    expect((await importModelConfig(t.db, edited())).generation).toEqual({ from: 1, to: 2 })
    expect(await generation(t.db)).toBe(2)
    // Back to the sample: generation 3 (a generation never goes back).
    expect((await importModelConfig(t.db, sampleModel())).generation).toEqual({ from: 2, to: 3 })
  })

  test('behavior: a config an import removes or changes is kept in the history, with its id', async () => {
    await importSharedConfig(t.db, sampleShared())
    await importModelConfig(t.db, sampleModel())
    const before = await configs(t.db)
    expect(before.history).toEqual([])
    expect(before.current.every((row) => row.generation === 1)).toBe(true)
    const launch = before.current.find((row) => row.pool === POOLS.launch)!
    const lb = before.current.find((row) => row.pool === POOLS.lfjLb)!

    await importModelConfig(t.db, edited())
    const after = await configs(t.db)
    // The launch pool's config is gone from the model, and kept as it was under its id.
    expect(after.current.some((row) => row.pool === POOLS.launch)).toBe(false)
    // The LB config keeps its row and id (updated at generation 2); its old values are kept.
    expect(after.current.find((row) => row.id === lb.id)).toEqual({ ...lb, method: 'global', generation: 2 })
    expect(after.history).toEqual(
      [
        { ...lb, generation: 1, retired_generation: 2 },
        { ...launch, generation: 1, retired_generation: 2 },
      ].sort((a, b) => a.id - b.id),
    )
    // Configs the import left alone stay at generation 1.
    expect(after.current.filter((row) => row.id !== lb.id).map((row) => row.generation)).toEqual([1, 1, 1])

    // What generation 1 said, and what generation 2 says, for each pool.
    const at = async (pool: string, generation?: number) => {
      const found = await loadPoolPricingAt(t.db.client, { model: 'blub_test', pool, generation })
      return found?.versions.map((v) => [v.id, v.method, v.generation, v.retiredGeneration])
    }
    expect(await at(POOLS.lfjLb, 1)).toEqual([[lb.id, 'direct_avax', 1, 2]])
    expect(await at(POOLS.lfjLb, 2)).toEqual([[lb.id, 'global', 2, null]])
    expect(await at(POOLS.lfjLb)).toEqual([[lb.id, 'global', 2, null]])
    expect(await at(POOLS.launch, 1)).toEqual([[launch.id, 'global', 1, 2]])
    expect(await at(POOLS.launch, 2)).toEqual([])
    // Every config id a valuation may name still resolves, to each of its versions.
    const versions = await findPricingConfigVersions(t.db.client, [lb.id, launch.id])
    expect(versions.get(lb.id)?.map((v) => [v.method, v.retiredGeneration])).toEqual([
      ['direct_avax', 2],
      ['global', null],
    ])
    expect(versions.get(launch.id)?.map((v) => [v.method, v.retiredGeneration])).toEqual([['global', 2]])
  })

  test('behavior: a shared import changes the generation of the models whose processing it changes', async () => {
    await importSharedConfig(t.db, sampleShared())
    await importModelConfig(t.db, sampleModel())
    // A labelled address only names things in reports: no model changes.
    const label = await importSharedConfig(
      t.db,
      sampleShared((text) => replaceOnce(text, 'label: LFJ v1 router', 'label: LFJ v1 router (JoeRouter02)')),
    )
    expect(label).toMatchObject({ changes: true, generations: [] })
    expect(await generation(t.db)).toBe(1)
    // A pool the model tracks gets another default method: the model changes.
    const pool = await importSharedConfig(
      t.db,
      sampleShared((text) =>
        replaceOnce(
          replaceOnce(text, 'label: LFJ v1 router', 'label: LFJ v1 router (JoeRouter02)'),
          `    name: BLUB/WAVAX launch pool\n    type: uniswap_v2_pair\n    pool:\n      base_token: BLUB\n      quote_token: WAVAX\n      pricing:\n        method: direct_avax`,
          `    name: BLUB/WAVAX launch pool\n    type: uniswap_v2_pair\n    pool:\n      base_token: BLUB\n      quote_token: WAVAX\n      pricing:\n        method: global`,
        ),
      ),
    )
    expect(pool.generations).toEqual([{ model: 'blub_test', from: 1, to: 2 }])
    expect(await generation(t.db)).toBe(2)
    // The same file again changes nothing, and no generation.
    expect(
      (
        await importSharedConfig(
          t.db,
          sampleShared((text) =>
            replaceOnce(
              replaceOnce(text, 'label: LFJ v1 router', 'label: LFJ v1 router (JoeRouter02)'),
              `      pricing:\n        method: direct_avax\n        start_block: 58299144`,
              `      pricing:\n        method: global\n        start_block: 58299144`,
            ),
          ),
        )
      ).generations,
    ).toEqual([])
    expect(await generation(t.db)).toBe(2)
  })
})
