import { describe, expect, test } from 'vitest'
import { KINDS, useSharedTestDb } from '../_test/db'
import { AGGREGATORS, parseShared, sampleModel, sampleShared, sharedData } from '../_test/fixtures'
import { importModelConfig } from '../import/model'
import { importSharedConfig } from '../import/shared'
import { findModel } from './models'
import { listRouterLabels } from './routers'

describe.each(KINDS)('routers and models (%s)', (kind) => {
  const t = useSharedTestDb(kind)

  test("listRouterLabels: the sample's labelled routers and aggregators, lowercase, by address", async () => {
    await importSharedConfig(t.db, sampleShared())
    expect(await listRouterLabels(t.db.client)).toEqual([
      {
        address: '0x18556da13313f3532c54711497a8fedac273220e',
        label: 'LFJ Liquidity Book router v2.2',
        kind: 'router',
      },
      { address: AGGREGATORS.lfj, label: 'LFJ aggregator', kind: 'aggregator' },
      { address: '0x60ae616a2155ee3d9a68541ba4544862310933d4', label: 'LFJ v1 router', kind: 'router' },
      { address: AGGREGATORS.kyber, label: 'KyberSwap aggregator', kind: 'aggregator' },
      { address: AGGREGATORS.odos, label: 'Odos v2 router', kind: 'aggregator' },
    ])
  })

  test('listRouterLabels: a dex_aggregator contract no labelled address names is labelled by its name', async () => {
    const data = sharedData()
    ;(data.contracts as unknown[]).push({
      address: AGGREGATORS.odos,
      name: 'Odos (from contracts)',
      type: 'dex_aggregator',
    })
    data.addresses = [
      { address: '0x60AE616a2155Ee3d9A68541Ba4544862310933d4', label: 'LFJ v1 router', kind: 'router' },
      { address: AGGREGATORS.lfj, label: 'LFJ aggregator', kind: 'aggregator' },
      { address: '0x9Ad6C38BE94206cA50bb0d90783181662f0Cfa10', label: 'LFJ v1 factory', kind: 'factory' },
    ]
    ;(data.contracts as unknown[]).push({
      address: AGGREGATORS.lfj,
      name: 'LFJ (contract)',
      type: 'dex_aggregator',
    })
    await importSharedConfig(t.db, parseShared(data))
    // The labelled address wins over the contract's name; a factory is not a router.
    expect(await listRouterLabels(t.db.client)).toEqual([
      { address: AGGREGATORS.lfj, label: 'LFJ aggregator', kind: 'aggregator' },
      { address: '0x60ae616a2155ee3d9a68541ba4544862310933d4', label: 'LFJ v1 router', kind: 'router' },
      { address: AGGREGATORS.odos, label: 'Odos (from contracts)', kind: 'aggregator' },
    ])
  })

  test("findModel: the model's asset, by address", async () => {
    await importSharedConfig(t.db, sampleShared())
    await importModelConfig(t.db, sampleModel())
    expect(await findModel(t.db.client, 'blub_test')).toMatchObject({
      name: 'blub_test',
      targetAsset: '0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd',
    })
    expect(await findModel(t.db.client, 'nothing')).toBeUndefined()
  })
})
