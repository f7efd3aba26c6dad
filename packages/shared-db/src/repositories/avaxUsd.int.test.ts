import { describe, expect, test } from 'vitest'
import { KINDS, useSharedTestDb } from '../_test/db'
import { sampleShared } from '../_test/fixtures'
import { importSharedConfig } from '../import/shared'
import {
  type AvaxUsdPriceRow,
  deleteAvaxUsdPricesFrom,
  findAvaxUsdPrices,
  listAvaxUsdPrices,
  storeAvaxUsdPrices,
} from './avaxUsd'

const row = (blockNumber: bigint, answer: bigint): AvaxUsdPriceRow => ({
  chainId: 43114,
  blockNumber,
  answer,
  decimals: 8,
  roundId: 7n,
  answeredAt: 1_700_000_000n,
  blockTime: 1_700_000_000n + blockNumber,
  stale: false,
})

describe.each(KINDS)('AVAX/USD prices (%s)', (kind) => {
  const t = useSharedTestDb(kind)

  test('behavior: listed in block order across digit boundaries, and removed from a reorged block on', async () => {
    await importSharedConfig(t.db, sampleShared())
    const numbers = [1_000n, 8n, 100n, 10n, 99n, 9n, 1_001n]
    await storeAvaxUsdPrices(
      t.db,
      numbers.map((n) => row(n, 2_500_000_000n + n)),
    )
    const listed = await listAvaxUsdPrices(t.db, { chainId: 43114, from: 0n, to: 2_000n })
    // Numbers as numbers: 9 before 10, 99 before 100 (not "10" < "9" as text).
    expect(listed.map((price) => price.blockNumber)).toEqual([8n, 9n, 10n, 99n, 100n, 1_000n, 1_001n])
    expect(listed.find((price) => price.blockNumber === 100n)?.price).toBe('25.000001')

    // A reorg from block 100 on: those prices go, the ones before stay.
    expect(await deleteAvaxUsdPricesFrom(t.db, { chainId: 43114, from: 100n })).toBe(3)
    const left = await findAvaxUsdPrices(t.db, { chainId: 43114, blocks: numbers })
    expect([...left.keys()].sort((a, b) => (a < b ? -1 : 1))).toEqual([8n, 9n, 10n, 99n])
  })
})
