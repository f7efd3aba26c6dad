import { applyMigrations, connectTarget, DatabaseIdentityError, readDatabaseState } from '@idx/database'
import { fixtureMigrationsDir, testDatabase } from '@idx/testkit'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createSharedDb, type SharedDb } from './client'
import { migrateSharedDb, sharedDbStatus, sharedDeployment } from './migrations'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

describe.each(['postgres', 'pglite'] as const)('%s', (kind) => {
  const database = testDatabase(kind)
  let db: SharedDb
  beforeAll(async () => {
    const result = await migrateSharedDb({ target: database.target })
    expect(result.createdDatabase).toBe(true)
    expect(result.applied).toEqual(result.known)
    db = await createSharedDb({ target: database.target })
    await db.client.chain.create({ data: { id: 43114, name: 'avalanche', nativeSymbol: 'AVAX' } })
  })
  afterAll(async () => {
    await db?.close()
    await database.drop()
  })

  const token = (address: string, extra: Record<string, unknown> = {}) => ({
    chainId: 43114,
    address,
    symbol: 'T',
    name: 'Token',
    decimals: 18,
    type: 'erc20' as const,
    ...extra,
  })

  test('default: status is up to date and the database is marked as the shared one, with a deployment id', async () => {
    expect((await sharedDbStatus({ target: database.target })).upToDate).toBe(true)
    const [marker] = await db.query<{ kind: string; model: string | null; deployment: string }>(
      'select kind, model, deployment from "_idx_database"',
    )
    expect(marker).toEqual({ kind: 'shared', model: null, deployment: expect.stringMatching(UUID) })
    expect(await sharedDeployment({ target: database.target })).toEqual({
      deployment: marker!.deployment,
      database: database.target.database,
    })
    // The label it was created with carries the same id (written before its first migration).
    const state = await readDatabaseState(database.target)
    expect(state.exists && state.label).toEqual({ kind: 'shared', deployment: marker!.deployment })
  })

  test('behavior: addresses must be stored lowercase', async () => {
    await expect(
      db.client.token.create({ data: token('0xB31f66AA3C1e785363F0875A1B74E27b85FD66c7') }),
    ).rejects.toThrow(/token_address_lowercase/)
    await expect(db.client.token.create({ data: token('0x1234') })).rejects.toThrow(/token_address_lowercase/)
  })

  test('behavior: one token per (chain, address), and foreign keys hold', async () => {
    await db.client.token.create({ data: token('0xb31f66aa3c1e785363f0875a1b74e27b85fd66c7') })
    await expect(
      db.client.token.create({ data: token('0xb31f66aa3c1e785363f0875a1b74e27b85fd66c7') }),
    ).rejects.toThrow(/Unique constraint|unique/i)
    await expect(
      db.client.token.create({ data: token('0x0000000000000000000000000000000000000001', { chainId: 1 }) }),
    ).rejects.toThrow(/Foreign key|foreign key/i)
  })

  test('behavior: pools need both tokens, and pricing ranges must not be empty', async () => {
    const [base, quote] = await Promise.all([
      db.client.token.create({ data: token('0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd') }),
      db.client.token.create({ data: token('0xb97ef9ef8734c71904d8002f8b6bc66dd9c48a6e') }),
    ])
    const pool = (address: string, extra: Record<string, unknown>) => ({
      chainId: 43114,
      address,
      name: 'pool',
      type: 'uniswap_v2_pair',
      abi: 'uniswap_v2_pair',
      ...extra,
    })
    await expect(
      db.client.contract.create({
        data: pool('0x39888258d60fed9228f89e13eb57a92f1fa832eb', { baseTokenId: base.id }),
      }),
    ).rejects.toThrow(/contract_pool_tokens/)
    await expect(
      db.client.contract.create({
        data: pool('0x39888258d60fed9228f89e13eb57a92f1fa832eb', {
          baseTokenId: base.id,
          quoteTokenId: quote.id,
          pricingMethod: 'direct_usd',
          pricingStartBlock: 100n,
          pricingEndBlock: 100n,
        }),
      }),
    ).rejects.toThrow(/contract_pricing_range/)
    const created = await db.client.contract.create({
      data: pool('0x39888258d60fed9228f89e13eb57a92f1fa832eb', {
        baseTokenId: base.id,
        quoteTokenId: quote.id,
        pricingMethod: 'direct_usd',
        pricingStartBlock: 100n,
      }),
    })
    expect(created.pricingEndBlock).toBeNull()
  })
})

describe('identity', () => {
  test('error: a model database named as the shared database (IDX_SHARED_DB) is refused before any migration runs', async () => {
    // A database marked as a model's by its first migration (the database package's fixture migrations).
    const model = testDatabase('postgres', { kind: 'model', model: 'widgets' })
    try {
      await applyMigrations({ target: model.target, migrationsDir: fixtureMigrationsDir })
      const asShared = { ...model.target, role: { kind: 'shared' as const } }
      const error = await migrateSharedDb({ target: asShared }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(DatabaseIdentityError)
      expect((error as Error).message).toMatch(
        /^The database "idx_test_\w+" \(postgresql:.+\) is an idx model database, not a shared database\.\nIDX_SHARED_DB \(or --shared-db\) must name this deployment's shared database\.$/,
      )
      // Its history holds its own two migrations, and no shared one (not even a failed one).
      const connection = await connectTarget(model.target)
      try {
        expect(
          (
            await connection.query<{ name: string }>(
              'select migration_name as name from "_prisma_migrations" order by 1',
            )
          ).map((row) => row.name),
        ).toEqual(['20260101000000_first', '20260102000000_second'])
      } finally {
        await connection.close()
      }
    } finally {
      await model.drop()
    }
  })
})
