import path from 'node:path'
import { ConfigValidationError } from '@idx/config'
import { describe, expect, test } from 'vitest'
import { KINDS, useSharedTestDb } from '../_test/db'
import {
  AGGREGATORS,
  BLUB,
  FEED,
  POOLS,
  parseShared,
  replaceOnce,
  SHARED_SAMPLE,
  sampleModel,
  sampleShared,
  sharedData,
  USDC,
  USDT,
  WAVAX,
} from '../_test/fixtures'
import { ConfigImportError } from '../errors'
import { importModelConfig } from './model'
import type { ImportPlan } from './plan'
import { importSharedConfig } from './shared'

/** `kind action key` of every entry that is not unchanged. */
const changed = (plan: ImportPlan) =>
  plan.entries.filter((entry) => entry.action !== 'unchanged').map((e) => `${e.kind} ${e.action} ${e.key}`)

describe.each(KINDS)('importSharedConfig (%s)', (kind) => {
  const t = useSharedTestDb(kind)

  test('default: imports the sample file, row by row', async () => {
    const plan = await importSharedConfig(t.db, sampleShared())
    expect(plan.applied).toBe(true)
    expect(plan.changes).toBe(true)
    expect(plan.summary).toEqual([
      { kind: 'chain', created: 1, updated: 0, unchanged: 0, removed: 0, notInFile: 0 },
      { kind: 'token', created: 4, updated: 0, unchanged: 0, removed: 0, notInFile: 0 },
      { kind: 'contract', created: 13, updated: 0, unchanged: 0, removed: 0, notInFile: 0 },
      { kind: 'labelled_address', created: 8, updated: 0, unchanged: 0, removed: 0, notInFile: 0 },
      { kind: 'source', created: 2, updated: 0, unchanged: 0, removed: 0, notInFile: 0 },
      { kind: 'price_feed', created: 1, updated: 0, unchanged: 0, removed: 0, notInFile: 0 },
    ])

    const { client } = t.db
    expect(await client.chain.findMany({ select: { id: true, name: true, nativeSymbol: true } })).toEqual([
      { id: 43114, name: 'Avalanche C-Chain', nativeSymbol: 'AVAX' },
    ])
    const tokens = await client.token.findMany({
      orderBy: { id: 'asc' },
      select: {
        chainId: true,
        address: true,
        symbol: true,
        name: true,
        decimals: true,
        type: true,
        project: true,
      },
    })
    expect(tokens).toEqual([
      {
        chainId: 43114,
        address: WAVAX,
        symbol: 'WAVAX',
        name: 'Wrapped AVAX',
        decimals: 18,
        type: 'wrapped_native',
        project: null,
      },
      {
        chainId: 43114,
        address: USDC,
        symbol: 'USDC',
        name: 'USD Coin',
        decimals: 6,
        type: 'stable',
        project: 'circle',
      },
      {
        chainId: 43114,
        address: USDT,
        symbol: 'USDt',
        name: 'TetherToken',
        decimals: 6,
        type: 'stable',
        project: 'tether',
      },
      {
        chainId: 43114,
        address: BLUB,
        symbol: 'BLUB',
        name: 'BLUB',
        decimals: 18,
        type: 'erc20',
        project: null,
      },
    ])

    const contracts = await client.contract.findMany({
      orderBy: { id: 'asc' },
      include: { baseToken: true, quoteToken: true },
    })
    expect(
      contracts.map((c) => [
        c.address,
        c.name,
        c.type,
        c.project,
        c.abi,
        c.transformer,
        c.baseToken?.symbol ?? null,
        c.quoteToken?.symbol ?? null,
        c.pricingMethod,
        c.pricingStartBlock,
        c.pricingEndBlock,
      ]),
    ).toEqual([
      [WAVAX, 'WAVAX', 'wrapped_native', null, 'wrapped_native', null, null, null, null, null, null],
      [USDC, 'USDC', 'erc20', 'circle', 'erc20', null, null, null, null, null, null],
      [USDT, 'USDt', 'erc20', 'tether', 'erc20', null, null, null, null, null, null],
      [BLUB, 'BLUB', 'erc20', null, 'erc20', null, null, null, null, null, null],
      [
        FEED,
        'Chainlink AVAX/USD',
        'chainlink_aggregator',
        'chainlink',
        'chainlink_aggregator',
        null,
        null,
        null,
        null,
        null,
        null,
      ],
      [
        POOLS.lfjV1,
        'BLUB/WAVAX LFJ v1',
        'uniswap_v2_pair',
        'lfj',
        'uniswap_v2_pair',
        null,
        'BLUB',
        'WAVAX',
        'direct_avax',
        58220057n,
        null,
      ],
      [
        POOLS.lfjLb,
        'BLUB/WAVAX LFJ Liquidity Book',
        'lfj_lb_pair',
        'lfj',
        'lfj_lb_pair',
        // The pair's token X and Y, resolved to addresses.
        { token_x: BLUB, token_y: WAVAX },
        'BLUB',
        'WAVAX',
        'direct_avax',
        58220284n,
        null,
      ],
      [
        POOLS.pharaohV1,
        'BLUB/WAVAX Pharaoh v1',
        'solidly_pair',
        'pharaoh',
        'solidly_pair',
        null,
        'BLUB',
        'WAVAX',
        'direct_avax',
        58220990n,
        null,
      ],
      [
        POOLS.pharaohCl,
        'BLUB/WAVAX Pharaoh CL',
        'uniswap_v3_pool',
        'pharaoh',
        'uniswap_v3_pool',
        null,
        'BLUB',
        'WAVAX',
        'direct_avax',
        58220991n,
        null,
      ],
      [
        POOLS.launch,
        'BLUB/WAVAX launch pool',
        'uniswap_v2_pair',
        null,
        'uniswap_v2_pair',
        null,
        'BLUB',
        'WAVAX',
        'direct_avax',
        58299144n,
        null,
      ],
      ...[
        [AGGREGATORS.lfj, 'LFJ aggregator', 'lfj'],
        [AGGREGATORS.odos, 'Odos v2 router', 'odos'],
        [AGGREGATORS.kyber, 'KyberSwap aggregator', 'kyber'],
      ].map(([address, name, project]) => [
        address,
        name,
        'dex_aggregator',
        project,
        'dex_aggregator',
        null,
        null,
        null,
        null,
        null,
        null,
      ]),
    ])

    const addresses = await client.labelledAddress.findMany({
      orderBy: { id: 'asc' },
      select: { address: true, label: true, kind: true, project: true },
    })
    expect(addresses.map((a) => [a.address, a.label, a.kind, a.project])).toEqual([
      ['0x60ae616a2155ee3d9a68541ba4544862310933d4', 'LFJ v1 router', 'router', 'lfj'],
      ['0x18556da13313f3532c54711497a8fedac273220e', 'LFJ Liquidity Book router v2.2', 'router', 'lfj'],
      ['0x45a62b090df48243f12a21897e7ed91863e2c86b', 'LFJ aggregator', 'aggregator', 'lfj'],
      ['0x88de50b233052e4fb783d4f6db78cc34fea3e9fc', 'Odos v2 router', 'aggregator', 'odos'],
      ['0x6131b5fae19ea4f9d964eac0408e4408b66337b5', 'KyberSwap aggregator', 'aggregator', 'kyber'],
      ['0x9ad6c38be94206ca50bb0d90783181662f0cfa10', 'LFJ v1 factory', 'factory', 'lfj'],
      ['0x8e42f2f4101563bf679975178e880fd87d3efd4e', 'LFJ Liquidity Book v2.1 factory', 'factory', 'lfj'],
      ['0xb43120c4745967fa9b93e79c149e66b0f2d6fe0c', 'LFJ Liquidity Book v2.2 factory', 'factory', 'lfj'],
    ])

    const sources = await client.source.findMany({
      orderBy: { id: 'asc' },
      select: { name: true, type: true, settings: true },
    })
    expect(sources).toEqual([
      {
        name: 'avalanche_rpc',
        type: 'rpc',
        settings: {
          url_env: 'IDX_AVALANCHE_RPC_URL',
          batch_size: 50,
          requests_per_second: 10,
          max_retries: 5,
          timeout_ms: 30000,
        },
      },
      // Relative to the shared file's directory, stored absolute.
      {
        name: 'stored_blocks',
        type: 'stored_blocks',
        settings: {
          path: path.join(
            path.dirname(SHARED_SAMPLE),
            '..',
            'packages',
            'testkit',
            'fixtures',
            'avalanche',
            'blocks',
          ),
        },
      },
    ])
    expect(
      await client.priceFeed.findMany({
        select: { name: true, chainId: true, address: true, decimals: true, heartbeatSeconds: true },
      }),
    ).toEqual([{ name: 'avax_usd', chainId: 43114, address: FEED, decimals: 8, heartbeatSeconds: 86400 }])
  })

  test('behavior: re-importing the same file changes nothing and says so', async () => {
    await importSharedConfig(t.db, sampleShared())
    const before = await t.dump()
    const plan = await importSharedConfig(t.db, sampleShared())
    expect(plan.changes).toBe(false)
    expect(plan.applied).toBe(false)
    expect(changed(plan)).toEqual([])
    expect(plan.summary.map((kind) => [kind.kind, kind.unchanged])).toEqual([
      ['chain', 1],
      ['token', 4],
      ['contract', 13],
      ['labelled_address', 8],
      ['source', 2],
      ['price_feed', 1],
    ])
    expect(await t.dump()).toBe(before)
  })

  test('behavior: an edited file updates exactly what changed', async () => {
    await importSharedConfig(t.db, sampleShared())
    const edited = sampleShared((text) => {
      let out = replaceOnce(text, 'name: TetherToken', 'name: Tether USD')
      out = replaceOnce(out, 'start_block: 58299144', 'start_block: 58299144\n        end_block: 60000000')
      out = replaceOnce(
        out,
        '  - address: "0x6131b5fae19ea4f9d964eac0408e4408b66337b5"\n    label: KyberSwap aggregator\n    kind: aggregator\n    project: kyber\n',
        '',
      )
      out = replaceOnce(
        out,
        'contracts:\n',
        'contracts:\n  - address: "0x1111111111111111111111111111111111111111"\n    name: New router\n    type: router\n    transformer: { max_hops: 3 }\n',
      )
      return out
    })
    const untouched = await t.db.client.token.findUnique({
      where: { chainId_address: { chainId: 43114, address: WAVAX } },
    })
    const plan = await importSharedConfig(t.db, edited)

    expect(changed(plan)).toEqual([
      `token updated ${USDT}`,
      'contract created 0x1111111111111111111111111111111111111111',
      `contract updated ${POOLS.launch}`,
      'labelled_address not_in_file 0x6131b5fae19ea4f9d964eac0408e4408b66337b5',
    ])
    expect(plan.entries.find((e) => e.key === USDT)?.changes).toEqual([
      { field: 'name', from: 'TetherToken', to: 'Tether USD' },
    ])
    expect(plan.entries.find((e) => e.key === POOLS.launch)?.changes).toEqual([
      { field: 'pricing_end_block', from: null, to: '60000000' },
    ])
    expect(plan.summary.find((s) => s.kind === 'labelled_address')).toEqual({
      kind: 'labelled_address',
      created: 0,
      updated: 0,
      unchanged: 7,
      removed: 0,
      notInFile: 1,
    })

    const { client } = t.db
    expect((await client.token.findFirst({ where: { address: USDT } }))?.name).toBe('Tether USD')
    const launch = await client.contract.findFirst({ where: { address: POOLS.launch } })
    expect([launch?.pricingStartBlock, launch?.pricingEndBlock]).toEqual([58299144n, 60000000n])
    const router = await client.contract.findFirst({
      where: { address: '0x1111111111111111111111111111111111111111' },
    })
    expect(router?.transformer).toEqual({ max_hops: 3 })
    // Not in the file any more, but kept.
    expect(
      await client.labelledAddress.count({
        where: { address: '0x6131b5fae19ea4f9d964eac0408e4408b66337b5' },
      }),
    ).toBe(1)
    // A row that did not change was not written.
    const after = await client.token.findUnique({
      where: { chainId_address: { chainId: 43114, address: WAVAX } },
    })
    expect(after?.updatedAt).toEqual(untouched?.updatedAt)

    // And the edited file is now what the database holds.
    expect(changed(await importSharedConfig(t.db, edited))).toEqual([
      'labelled_address not_in_file 0x6131b5fae19ea4f9d964eac0408e4408b66337b5',
    ])
  })

  test('behavior: --dry-run computes the same plan and writes nothing', async () => {
    const empty = await t.dump()
    const dry = await importSharedConfig(t.db, sampleShared(), { dryRun: true })
    expect(await t.dump()).toBe(empty)
    expect(dry).toMatchObject({ dryRun: true, applied: false, changes: true })

    const real = await importSharedConfig(t.db, sampleShared())
    expect(real.entries).toEqual(dry.entries)
    expect(real.summary).toEqual(dry.summary)

    const imported = await t.dump()
    const edited = sampleShared((text) =>
      replaceOnce(text, 'heartbeat_seconds: 86400', 'heartbeat_seconds: 3600'),
    )
    const dryEdit = await importSharedConfig(t.db, edited, { dryRun: true })
    expect(changed(dryEdit)).toEqual(['price_feed updated avax_usd'])
    expect(await t.dump()).toBe(imported)
  })

  test('behavior: all or nothing — a failure on the last row leaves the database as it was', async () => {
    // A constraint only this test has: the last row the import writes (the price feed) breaks it.
    await t.db.query('ALTER TABLE "price_feed" ADD CONSTRAINT "test_no_feed" CHECK ("heartbeat_seconds" < 0)')
    try {
      const empty = await t.dump()
      const error = await importSharedConfig(t.db, sampleShared()).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ConfigImportError)
      expect((error as ConfigImportError).shortMessage).toBe(
        `The import of "${SHARED_SAMPLE}" failed; nothing was written (its transaction was rolled back).`,
      )
      expect((error as ConfigImportError).details[0]).toContain('test_no_feed')
      expect(await t.dump()).toBe(empty)
    } finally {
      await t.db.query('ALTER TABLE "price_feed" DROP CONSTRAINT "test_no_feed"')
    }

    // The same for an update of rows that exist.
    await importSharedConfig(t.db, sampleShared())
    const imported = await t.dump()
    await t.db.query(
      `ALTER TABLE "labelled_address" ADD CONSTRAINT "test_no_kyber" CHECK ("label" <> 'Kyber')`,
    )
    try {
      const edited = sampleShared((text) =>
        replaceOnce(
          replaceOnce(text, 'name: TetherToken', 'name: Tether'),
          'label: KyberSwap aggregator',
          'label: Kyber',
        ),
      )
      await expect(importSharedConfig(t.db, edited)).rejects.toBeInstanceOf(ConfigImportError)
      expect(await t.dump()).toBe(imported)
    } finally {
      await t.db.query('ALTER TABLE "labelled_address" DROP CONSTRAINT "test_no_kyber"')
    }
  })

  test('behavior: a pool never loses its base token: imported pools have both tokens', async () => {
    await importSharedConfig(t.db, sampleShared())
    const pools = await t.db.client.contract.findMany({ where: { pricingMethod: { not: null } } })
    expect(pools).toHaveLength(5)
    for (const pool of pools) {
      expect(pool.baseTokenId).not.toBeNull()
      expect(pool.quoteTokenId).not.toBeNull()
    }
    // The database refuses a pool with one token, whatever writes it.
    await expect(
      t.db.query(`UPDATE "contract" SET "base_token_id" = NULL WHERE "address" = $1`, [POOLS.lfjV1]),
    ).rejects.toThrow(/contract_pool_tokens|contract_pricing_needs_pool/)
  })

  test('error: a file that switches the database to another chain', async () => {
    await importSharedConfig(t.db, parseShared(sharedData()))
    const data = sharedData()
    data.chain = { id: 1, name: 'Ethereum', native_symbol: 'ETH' }
    const error = await importSharedConfig(t.db, parseShared(data)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigValidationError)
    expect((error as ConfigValidationError).issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      `chain.id: the shared database "${t.db.target.database}" holds chain 43114 (Avalanche C-Chain); one shared database serves one chain`,
    ])
  })

  test('error: a file that takes from a priced pool what its model needs', async () => {
    await importSharedConfig(t.db, sampleShared())
    await importModelConfig(t.db, sampleModel())
    const before = await t.dump()

    // The LFJ v1 pool (priced direct_avax by blub_test) is quoted in USDC instead of WAVAX,
    // and the Pharaoh v1 pool (left to its default) loses its pool section.
    const edited = sampleShared((text) => {
      let out = replaceOnce(
        text,
        '    project: lfj\n    pool:\n      base_token: BLUB\n      quote_token: WAVAX\n      pricing:\n        method: direct_avax\n        start_block: 58220057\n',
        '    project: lfj\n    pool:\n      base_token: BLUB\n      quote_token: USDC\n      pricing:\n        method: direct_usd\n        start_block: 58220057\n',
      )
      out = replaceOnce(
        out,
        '    project: pharaoh\n    pool:\n      base_token: BLUB\n      quote_token: WAVAX\n      pricing:\n        method: direct_avax\n        start_block: 58220990\n',
        '    project: pharaoh\n',
      )
      return out
    })
    const error = await importSharedConfig(t.db, edited).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigValidationError)
    expect((error as ConfigValidationError).issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'contracts[5].pool.quote_token: the model "blub_test" prices this contract with "direct_avax" from block 58220057, which needs a quote token of type "wrapped_native", but USDC is of type "stable"',
      'contracts[7]: the model "blub_test" prices this contract with "use_global_default" from block 58220990; it must keep its pool section (base_token and quote_token)',
    ])
    expect(await t.dump()).toBe(before)
  })
})
