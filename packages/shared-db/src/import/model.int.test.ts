import { ConfigValidationError } from '@idx/config'
import { describe, expect, test } from 'vitest'
import { KINDS, useSharedTestDb } from '../_test/db'
import {
  AGGREGATORS,
  BLUB,
  FEED,
  MODEL_SAMPLE,
  modelData,
  POOLS,
  parseModel,
  parseShared,
  replaceOnce,
  sampleModel,
  sampleShared,
  sharedData,
  USDC,
  WAVAX,
} from '../_test/fixtures'
import type { SharedDb } from '../client'
import { ConfigImportError, SharedConfigMissingError } from '../errors'
import { importModelConfig } from './model'
import type { ImportPlan } from './plan'
import { importSharedConfig } from './shared'

const changed = (plan: ImportPlan) =>
  plan.entries.filter((entry) => entry.action !== 'unchanged').map((e) => `${e.kind} ${e.action} ${e.key}`)

/** What the database says the model tracks, by address / name, in id order. */
async function tracked(db: SharedDb, name: string) {
  const model = await db.client.model.findUniqueOrThrow({
    where: { name },
    include: {
      sources: { include: { source: true }, orderBy: { sourceId: 'asc' } },
      tokens: { include: { token: true }, orderBy: { tokenId: 'asc' } },
      targetAsset: true,
      contracts: { include: { contract: true }, orderBy: { contractId: 'asc' } },
      pricingConfigs: { include: { pool: true }, orderBy: [{ poolId: 'asc' }, { startBlock: 'asc' }] },
    },
  })
  return {
    model,
    sources: model.sources.map((row) => row.source.name),
    tokens: model.tokens.map((row) => row.token.symbol),
    contracts: model.contracts.map((row) => row.contract.address),
    configs: model.pricingConfigs.map((row) => [
      row.pool.address,
      row.startBlock,
      row.endBlock,
      row.method,
      row.pricingPool,
    ]),
  }
}

describe.each(KINDS)('importModelConfig (%s)', (kind) => {
  const t = useSharedTestDb(kind)

  test('default: imports the sample model, junction rows and configs row by row', async () => {
    await importSharedConfig(t.db, sampleShared())
    const plan = await importModelConfig(t.db, sampleModel())
    expect(plan).toMatchObject({ scope: 'model', model: 'blub_test', applied: true, changes: true })
    expect(plan.summary).toEqual([
      { kind: 'model', created: 1, updated: 0, unchanged: 0, removed: 0, notInFile: 0 },
      { kind: 'model_source', created: 2, updated: 0, unchanged: 0, removed: 0, notInFile: 0 },
      { kind: 'model_token', created: 3, updated: 0, unchanged: 0, removed: 0, notInFile: 0 },
      { kind: 'model_contract', created: 12, updated: 0, unchanged: 0, removed: 0, notInFile: 0 },
      { kind: 'pool_pricing_config', created: 5, updated: 0, unchanged: 0, removed: 0, notInFile: 0 },
    ])

    const got = await tracked(t.db, 'blub_test')
    expect({
      version: got.model.version,
      description: got.model.description,
      databaseName: got.model.databaseName,
      startBlock: got.model.startBlock,
      status: got.model.status,
      canonicalPricing: got.model.canonicalPricing,
      targetAsset: got.model.targetAsset?.address,
    }).toEqual({
      version: '1.0',
      description: "BLUB trading on its five BLUB/WAVAX pools, from the token's creation.",
      databaseName: 'idx_model_blub_test',
      startBlock: 58219691n,
      status: 'active',
      canonicalPricing: {
        period_seconds: 60,
        trailing_periods: 5,
        min_volume_usd: '100',
        max_deviation: '0.5',
      },
      targetAsset: BLUB,
    })
    expect(got.sources).toEqual(['avalanche_rpc', 'stored_blocks'])
    // Token ids follow the shared file's order: WAVAX, USDC, USDt, BLUB.
    expect(got.tokens).toEqual(['WAVAX', 'USDC', 'BLUB'])
    expect(got.contracts).toEqual([
      WAVAX,
      USDC,
      BLUB,
      FEED,
      POOLS.lfjV1,
      POOLS.lfjLb,
      POOLS.pharaohV1,
      POOLS.pharaohCl,
      POOLS.launch,
      ...Object.values(AGGREGATORS),
    ])
    expect(got.configs).toEqual([
      [POOLS.lfjV1, 58220057n, null, 'direct_avax', true],
      [POOLS.lfjLb, 58220284n, null, 'direct_avax', false],
      [POOLS.pharaohV1, 58220990n, null, 'use_global_default', false],
      [POOLS.pharaohCl, 58220991n, null, 'use_global_default', false],
      [POOLS.launch, 58299144n, null, 'global', false],
    ])
  })

  test('behavior: re-importing the same file changes nothing and says so', async () => {
    await importSharedConfig(t.db, sampleShared())
    await importModelConfig(t.db, sampleModel())
    const before = await t.dump()
    const plan = await importModelConfig(t.db, sampleModel())
    expect(plan).toMatchObject({ applied: false, changes: false })
    expect(changed(plan)).toEqual([])
    expect(plan.summary.map((s) => [s.kind, s.unchanged])).toEqual([
      ['model', 1],
      ['model_source', 2],
      ['model_token', 3],
      ['model_contract', 12],
      ['pool_pricing_config', 5],
    ])
    expect(await t.dump()).toBe(before)
  })

  test('behavior: an edited file updates exactly what changed, and removes what it dropped', async () => {
    await importSharedConfig(t.db, sampleShared())
    await importModelConfig(t.db, sampleModel())
    const configIds = new Map(
      (await t.db.client.poolPricingConfig.findMany({ include: { pool: true } })).map((c) => [
        c.pool.address,
        c.id,
      ]),
    )
    const edited = sampleModel((text) => {
      let out = replaceOnce(text, '  version: "1.0"', '  version: "1.1"')
      out = replaceOnce(out, '  - stored_blocks\n', '')
      out = replaceOnce(out, '  - USDC\n', '')
      out = replaceOnce(out, '  - "0xB97EF9Ef8734C71904D8002F8b6Bc66Dd9c48a6E" # USDC\n', '')
      // Drop the launch pool (contract and config); close the LB range and switch it to global after.
      out = replaceOnce(
        out,
        '  - "0x819fe65a885d40493f4b91e8a10e242018758432" # BLUB/WAVAX launch pool\n',
        '',
      )
      out = replaceOnce(
        out,
        '  - pool: "0x819fe65a885d40493f4b91e8a10e242018758432" # launch pool\n    method: global # valued at BLUB\'s canonical price\n    start_block: 58299144\n',
        '',
      )
      out = replaceOnce(
        out,
        '    method: direct_avax\n    start_block: 58220284\n',
        '    method: direct_avax\n    start_block: 58220284\n    end_block: 59000000\n' +
          '  - pool: "0xcb4c6fdcfb7d868df5f1e3d0018438205b243fd6"\n    method: global\n    start_block: 59000000\n',
      )
      return out
    })
    const plan = await importModelConfig(t.db, edited)
    expect(changed(plan)).toEqual([
      'model updated blub_test',
      'model_source removed stored_blocks',
      `model_token removed ${USDC}`,
      `model_contract removed ${USDC}`,
      `model_contract removed ${POOLS.launch}`,
      `pool_pricing_config updated ${POOLS.lfjLb}@58220284`,
      `pool_pricing_config created ${POOLS.lfjLb}@59000000`,
      `pool_pricing_config removed ${POOLS.launch}@58299144`,
    ])
    expect(plan.entries.find((e) => e.kind === 'model')?.changes).toEqual([
      { field: 'version', from: '1.0', to: '1.1' },
    ])
    expect(plan.entries.find((e) => e.key === `${POOLS.lfjLb}@58220284`)?.changes).toEqual([
      { field: 'end_block', from: null, to: '59000000' },
    ])
    expect(plan.summary.find((s) => s.kind === 'model_contract')).toEqual({
      kind: 'model_contract',
      created: 0,
      updated: 0,
      unchanged: 10,
      removed: 2,
      notInFile: 0,
    })

    const got = await tracked(t.db, 'blub_test')
    expect(got.model.version).toBe('1.1')
    expect(got.sources).toEqual(['avalanche_rpc'])
    expect(got.tokens).toEqual(['WAVAX', 'BLUB'])
    expect(got.contracts).toEqual([
      WAVAX,
      BLUB,
      FEED,
      POOLS.lfjV1,
      POOLS.lfjLb,
      POOLS.pharaohV1,
      POOLS.pharaohCl,
      ...Object.values(AGGREGATORS),
    ])
    expect(got.configs).toEqual([
      [POOLS.lfjV1, 58220057n, null, 'direct_avax', true],
      [POOLS.lfjLb, 58220284n, 59000000n, 'direct_avax', false],
      [POOLS.lfjLb, 59000000n, null, 'global', false],
      [POOLS.pharaohV1, 58220990n, null, 'use_global_default', false],
      [POOLS.pharaohCl, 58220991n, null, 'use_global_default', false],
    ])
    // An updated config keeps its row (and id): pricing details may refer to it.
    const lb = await t.db.client.poolPricingConfig.findFirst({
      where: { pool: { address: POOLS.lfjLb }, startBlock: 58220284n },
    })
    expect(lb?.id).toBe(configIds.get(POOLS.lfjLb))
    // The shared rows the model dropped stay in the shared database.
    expect(await t.db.client.contract.count({ where: { address: POOLS.launch } })).toBe(1)

    expect(changed(await importModelConfig(t.db, edited))).toEqual([])
  })

  test('behavior: --dry-run computes the same plan and writes nothing', async () => {
    await importSharedConfig(t.db, sampleShared())
    const before = await t.dump()
    const dry = await importModelConfig(t.db, sampleModel(), { dryRun: true })
    expect(dry).toMatchObject({ dryRun: true, applied: false, changes: true })
    expect(await t.dump()).toBe(before)
    const real = await importModelConfig(t.db, sampleModel())
    expect(real.entries).toEqual(dry.entries)

    const imported = await t.dump()
    const dryEdit = await importModelConfig(
      t.db,
      sampleModel((text) => replaceOnce(text, '  - avalanche_rpc\n', '')),
      { dryRun: true },
    )
    expect(changed(dryEdit)).toEqual(['model_source removed avalanche_rpc'])
    expect(await t.dump()).toBe(imported)
  })

  test('behavior: all or nothing — a failure on the last config leaves the database as it was', async () => {
    await importSharedConfig(t.db, sampleShared())
    await t.db.query(
      `ALTER TABLE "pool_pricing_config" ADD CONSTRAINT "test_no_late_start" CHECK ("start_block" < 58299144)`,
    )
    try {
      const before = await t.dump()
      const error = await importModelConfig(t.db, sampleModel()).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ConfigImportError)
      expect((error as ConfigImportError).details[0]).toContain('test_no_late_start')
      expect(await t.dump()).toBe(before)
      expect(await t.db.client.model.count()).toBe(0)
    } finally {
      await t.db.query('ALTER TABLE "pool_pricing_config" DROP CONSTRAINT "test_no_late_start"')
    }
  })

  test('error: a model imported before the shared file', async () => {
    const error = await importModelConfig(t.db, sampleModel()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SharedConfigMissingError)
    expect((error as SharedConfigMissingError).message).toBe(
      `The model file "${MODEL_SAMPLE}" cannot be imported: the shared database "${t.db.target.database}" holds no chain yet.\nImport the shared file first: idx config import-shared FILE.`,
    )
  })

  test('error: references are checked against the shared database, not a file', async () => {
    // The database holds the small shared file: no token contracts, no Pharaoh or launch pools,
    // and its LB pool is quoted in USDC. (Against the sample shared FILE, the model is valid.)
    await importSharedConfig(t.db, parseShared(sharedData()))
    const before = await t.dump()
    const error = await importModelConfig(t.db, sampleModel()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigValidationError)
    const db = t.db.target.database
    const missing = (what: string, value: string) =>
      `the ${what} "${value}" is not in the shared database "${db}"; add it to the shared file and import that first`
    expect(
      (error as ConfigValidationError).issues.map((i) => `${i.line}:${i.column} ${i.path}: ${i.message}`),
    ).toEqual([
      // The sample model's archive source (the small shared file has none).
      `18:5 sources[1]: ${missing('source', 'stored_blocks')}`,
      `27:5 contracts[0]: ${missing('contract', BLUB)}`,
      `28:5 contracts[1]: ${missing('contract', WAVAX)}`,
      `29:5 contracts[2]: ${missing('contract', USDC)}`,
      `33:5 contracts[6]: ${missing('contract', POOLS.pharaohV1)}`,
      `34:5 contracts[7]: ${missing('contract', POOLS.pharaohCl)}`,
      `35:5 contracts[8]: ${missing('contract', POOLS.launch)}`,
      `38:5 contracts[9]: ${missing('contract', AGGREGATORS.lfj)}`,
      `39:5 contracts[10]: ${missing('contract', AGGREGATORS.odos)}`,
      `40:5 contracts[11]: ${missing('contract', AGGREGATORS.kyber)}`,
      `56:13 pool_pricing[1].method: the method "direct_avax" needs a quote token of type "wrapped_native", but the pool's quote token USDC is of type "stable"`,
    ])
    expect(await t.dump()).toBe(before)
  })

  test('behavior: the target asset is stored, changed and removed with the file', async () => {
    await importSharedConfig(t.db, sampleShared())
    await importModelConfig(t.db, sampleModel())
    const asset = async () =>
      (
        await t.db.client.model.findUniqueOrThrow({
          where: { name: 'blub_test' },
          include: { targetAsset: true },
        })
      ).targetAsset?.symbol ?? null
    expect(await asset()).toBe('BLUB')

    const wavax = await importModelConfig(
      t.db,
      sampleModel((text) => replaceOnce(text, 'target_asset: BLUB\n', `target_asset: "${WAVAX}"\n`)),
    )
    expect(changed(wavax)).toEqual(['model updated blub_test'])
    expect(wavax.entries.find((e) => e.kind === 'model')?.changes).toEqual([
      { field: 'target_asset', from: BLUB, to: WAVAX },
    ])
    expect(await asset()).toBe('WAVAX')

    const none = await importModelConfig(
      t.db,
      sampleModel((text) => replaceOnce(text, 'target_asset: BLUB\n', '')),
    )
    expect(none.entries.find((e) => e.kind === 'model')?.changes).toEqual([
      { field: 'target_asset', from: WAVAX, to: null },
    ])
    expect(await asset()).toBeNull()
  })

  test("error: a target asset that is not one of the model's tokens, or not in the shared database", async () => {
    await importSharedConfig(t.db, sampleShared())
    const before = await t.dump()
    const problems = async (asset: string) => {
      const model = sampleModel((text) =>
        replaceOnce(text, 'target_asset: BLUB\n', `target_asset: ${asset}\n`),
      )
      const error = await importModelConfig(t.db, model).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ConfigValidationError)
      return (error as ConfigValidationError).issues.map(
        (i) => `${i.line}:${i.column} ${i.path}: ${i.message}`,
      )
    }
    expect(await problems('USDt')).toEqual([
      `45:15 target_asset: the target asset USDt (0x9702230a8ea53601f5cd2dc00fdbc13d4df4a8c7) is not one of this model's tokens; add it to tokens`,
    ])
    expect(await problems('JOE')).toEqual([
      `45:15 target_asset: the token "JOE" is not in the shared database "${t.db.target.database}"; add it to the shared file and import that first`,
    ])
    expect(await t.dump()).toBe(before)
  })

  test('error: a database name that is taken', async () => {
    await importSharedConfig(t.db, parseShared(sharedData()))
    await importModelConfig(t.db, parseModel(modelData()))
    const other = modelData()
    other.model = { name: 'other', version: '1.0', start_block: 1, database: 'idx_model_small' }
    const shared = modelData()
    shared.model = { name: 'sneaky', version: '1.0', start_block: 1, database: t.db.target.database }
    const problems = async (data: Record<string, unknown>) => {
      const error = await importModelConfig(t.db, parseModel(data)).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ConfigValidationError)
      return (error as ConfigValidationError).issues.map((i) => `${i.path}: ${i.message}`)
    }
    expect(await problems(other)).toEqual([
      'model.database: the database "idx_model_small" already belongs to the model "small"',
    ])
    expect(await problems(shared)).toEqual([
      `model.database: "${t.db.target.database}" is the shared database; a model needs a database of its own`,
    ])
  })
})
