import { readdirSync } from 'node:fs'
import { databaseTarget, describeTarget } from '@idx/config'
import { connectTarget, databaseExists, dropModelDatabase } from '@idx/database'
import {
  createModelDb,
  markBlocksFailed,
  migrateModelDb,
  modelMigrationsDir,
  writeBlocks,
  writePricing,
} from '@idx/model-db'
import { createSharedDb, migrateSharedDb } from '@idx/shared-db'
import { testDatabase, testServer, testServerUrl } from '@idx/testkit'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runCli } from '../_test/cli'

const modelMigrations = readdirSync(modelMigrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()

const SERVER = testServerUrl()
const shared = testDatabase('postgres')
const suffix = shared.target.database.replace('idx_test_', '')
const names = {
  alpha: `idx_m_alpha_${suffix}`,
  beta: `idx_m_beta_${suffix}`,
  foreign: `idx_foreign_${suffix}`,
  empty: `idx_empty_${suffix}`,
  legacy: `idx_legacy_${suffix}`,
}
const env = { IDX_DATABASE_URL: SERVER, IDX_SHARED_DB: shared.target.database }
const server = testServer()
const target = (database: string, model: string) => databaseTarget(server, database, { kind: 'model', model })

async function exec(database: string, sql: string) {
  const connection = await connectTarget(databaseTarget(server, database, { kind: 'shared' }))
  try {
    await connection.query(sql)
  } finally {
    await connection.close()
  }
}

beforeAll(async () => {
  await migrateSharedDb({ target: shared.target })
  const db = await createSharedDb({ target: shared.target })
  try {
    // Models as an import would register them; "sneaky" points at the shared database itself.
    await db.client.model.createMany({
      data: [
        { name: 'alpha', version: '1.0', databaseName: names.alpha, startBlock: 1n },
        { name: 'beta', version: '1.0', databaseName: names.beta, startBlock: 1n },
        { name: 'foreign', version: '1.0', databaseName: names.foreign, startBlock: 1n },
        { name: 'empty', version: '1.0', databaseName: names.empty, startBlock: 1n },
        { name: 'legacy', version: '1.0', databaseName: names.legacy, startBlock: 1n },
        { name: 'sneaky', version: '1.0', databaseName: shared.target.database, startBlock: 1n },
      ],
    })
  } finally {
    await db.close()
  }
  await exec('postgres', `create database ${names.foreign}`) // a database idx did not create
  await exec(names.foreign, 'create table precious (id int)')
  await exec('postgres', `create database ${names.empty}`) // an empty one idx did not create
  // A model database as an older idx left it: migrated, its marker naming no deployment.
  await migrateModelDb({ target: target(names.legacy, 'legacy') })
})

afterAll(async () => {
  for (const name of Object.values(names))
    await exec('postgres', `drop database if exists ${name} with (force)`)
  await shared.drop()
})

describe('idx migrate --model / --all', () => {
  test('default: migrates the shared database and every registered model database', async () => {
    const result = await runCli(['migrate', '--model', 'alpha', '--model', 'beta', '--json'], env)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const databases = JSON.parse(result.stdout).databases as { database: string; createdDatabase: boolean }[]
    expect(databases.map((d) => [d.database, d.createdDatabase])).toEqual([
      [names.alpha, true],
      [names.beta, true],
    ])
  })

  test('error: a model that is not registered', async () => {
    const result = await runCli(['migrate', '--model', 'gamma'], env)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('The model "gamma" is not registered in the shared database.')
    expect(result.stderr).toContain('Registered models: alpha, beta, empty, foreign, legacy, sneaky.')
  })
})

describe('idx db reset', () => {
  test('default: drops and re-creates only the named model database', async () => {
    await exec(
      names.alpha,
      `insert into processed_block (number, hash, parent_hash, timestamp, status) values (1, '0x1', '0x0', now(), 'done')`,
    )
    await exec(
      names.beta,
      `insert into processed_block (number, hash, parent_hash, timestamp, status) values (7, '0x7', '0x6', now(), 'done')`,
    )

    const result = await runCli(['db', 'reset', '--model', 'alpha', '--yes'], env)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(
      `model alpha ${names.alpha}: dropped and re-created with ${modelMigrations.length} migration(s)`,
    )

    const count = async (database: string) => {
      const connection = await connectTarget(target(database, 'x'))
      try {
        return (await connection.query<{ n: number }>('select count(*)::int as n from processed_block'))[0]?.n
      } finally {
        await connection.close()
      }
    }
    expect(await count(names.alpha)).toBe(0)
    expect(await count(names.beta)).toBe(1) // the other model is untouched
    expect(await databaseExists(shared.target)).toBe(true)
  })

  test('error: without --yes nothing is dropped', async () => {
    const result = await runCli(['db', 'reset', '--model', 'beta'], env)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`pass --yes to confirm`)
    expect(await databaseExists(target(names.beta, 'beta'))).toBe(true)
  })

  test('error: a model whose database is the shared database is refused', async () => {
    const result = await runCli(['db', 'reset', '--model', 'sneaky', '--yes'], env)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      `Refusing to drop "${shared.target.database}" for model "sneaky": it is the shared database.`,
    )
    expect(await databaseExists(shared.target)).toBe(true)
  })

  test('error: a database idx did not create is refused', async () => {
    const result = await runCli(['db', 'reset', '--model', 'foreign', '--yes'], env)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`Refusing to drop "${names.foreign}"`)
    expect(result.stderr).toContain(
      `was not created by idx: it holds 1 table(s), type(s) or other object(s) and no idx marker.`,
    )
    expect(await databaseExists(target(names.foreign, 'foreign'))).toBe(true)
  })

  test('error: an empty database idx did not create is neither migrated into nor dropped', async () => {
    for (const argv of [
      ['migrate', '--model', 'empty'],
      ['db', 'reset', '--model', 'empty', '--yes'],
    ]) {
      const result = await runCli(argv, env)
      expect(result.code, argv.join(' ')).toBe(1)
      expect(result.stderr).toContain(
        `The database "${names.empty}" (${describeTarget(target(names.empty, 'empty'))}) exists, but idx did not create it: it is empty and carries no idx label.`,
      )
      expect(result.stderr).toContain('adopt it: idx db adopt --model empty')
    }
    expect(await databaseExists(target(names.empty, 'empty'))).toBe(true)
    const connection = await connectTarget(target(names.empty, 'empty'))
    try {
      expect(await connection.query(`select to_regclass('public._prisma_migrations') as t`)).toEqual([
        { t: null },
      ])
    } finally {
      await connection.close()
    }
  })

  test("behavior: idx db adopt takes the empty database, then it is this deployment's", async () => {
    const adopted = await runCli(['db', 'adopt', '--model', 'empty', '--json'], env)
    expect(adopted.stderr).toBe('')
    expect(JSON.parse(adopted.stdout)).toMatchObject({
      database: names.empty,
      adopted: true,
      applied: modelMigrations,
      deployment: expect.stringMatching(/^[0-9a-f-]{36}$/),
    })
    const again = await runCli(['db', 'adopt', '--model', 'empty'], env)
    expect(again.stdout).toContain(`model empty ${names.empty}: already this deployment's`)
    expect((await runCli(['db', 'reset', '--model', 'empty', '--yes'], env)).code).toBe(0)
  })

  test('behavior: a model database of an older idx is refused until adopted (the upgrade path)', async () => {
    for (const argv of [
      ['migrate', '--model', 'legacy'],
      ['process', 'status', '--model', 'legacy'],
      ['db', 'reset', '--model', 'legacy', '--yes'],
    ]) {
      const refused = await runCli(argv, env)
      expect(refused.code, argv.join(' ')).toBe(1)
      expect(refused.stderr).toContain(
        `is the database of model "legacy", but records no deployment: it was created before idx recorded which deployment a database belongs to`,
      )
      expect(refused.stderr).toContain(
        `If it belongs to this deployment (shared database "${shared.target.database}"), adopt it: idx db adopt --model legacy`,
      )
    }
    const adopted = await runCli(['db', 'adopt', '--model', 'legacy'], env)
    expect(adopted.code, adopted.stderr).toBe(0)
    expect(adopted.stdout).toMatch(
      new RegExp(`model legacy ${names.legacy}: adopted \\(deployment [0-9a-f]{8}\\)`),
    )
    expect((await runCli(['migrate', '--model', 'legacy'], env)).stdout).toContain('up to date')
    expect((await runCli(['process', 'status', '--model', 'legacy'], env)).code).toBe(0)
  })

  test('error: a model database that belongs to another model is refused', async () => {
    // beta's database, asked for as if it were alpha's: the marker says otherwise.
    await expect(
      dropModelDatabase({ target: target(names.beta, 'alpha'), shared: shared.target }),
    ).rejects.toThrow(
      /is the database of model "beta" of the deployment whose shared database is "idx_test_\w+" \(deployment [0-9a-f]{8}\), not the database of model "alpha"\./,
    )
  })

  test('error: the library refuses a shared-role target outright', async () => {
    await expect(dropModelDatabase({ target: shared.target, shared: shared.target })).rejects.toThrow(
      `Refusing to drop "${shared.target.database}": only a model database can be reset.`,
    )
  })

  test('error: an unregistered model is refused', async () => {
    const result = await runCli(['db', 'reset', '--model', 'nobody', '--yes'], env)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('The model "nobody" is not registered in the shared database.')
  })
})

describe('idx db inspect', () => {
  test("default: tables with row counts, migrations, and a model database's blocks", async () => {
    const model = await createModelDb({ target: target(names.alpha, 'alpha') })
    const tx = `0x${'ab'.repeat(32)}`
    const swapId = `43114:${tx}:3:pool_swap`
    const header = {
      number: 500n,
      hash: `0x${'01'.repeat(32)}`,
      parentHash: `0x${'00'.repeat(32)}`,
      timestamp: 1_700_000_000n,
    }
    const event = {
      blockNumber: 500n,
      blockTimestamp: 1_700_000_000n,
      transactionHash: tx,
      transactionIndex: 0,
    }
    try {
      await writeBlocks(model, [
        {
          header,
          logCount: 1,
          transactions: [
            { hash: tx, index: 0, from: `0x${'0a'.repeat(20)}`, to: `0x${'0b'.repeat(20)}`, logCount: 1 },
          ],
          transfers: [],
          poolSwaps: [
            {
              ...event,
              id: swapId,
              logIndex: 3,
              pool: `0x${'0b'.repeat(20)}`,
              poolType: 'uniswap_v2_pair',
              taker: `0x${'0a'.repeat(20)}`,
              sender: `0x${'0a'.repeat(20)}`,
              recipient: `0x${'0a'.repeat(20)}`,
              direction: 'buy',
              baseToken: `0x${'0c'.repeat(20)}`,
              quoteToken: `0x${'0d'.repeat(20)}`,
              baseAmount: 10n ** 24n,
              quoteAmount: 7n,
              logIndexes: [3],
              binIds: [],
            },
          ],
          trades: [
            {
              ...event,
              id: `43114:${tx}:3:trade`,
              logIndex: 3,
              taker: `0x${'0a'.repeat(20)}`,
              wallet: `0x${'0a'.repeat(20)}`,
              tradeType: 'trade',
              route: [swapId],
              pools: [`0x${'0b'.repeat(20)}`],
              swapCount: 1,
              assetLegs: [swapId],
              tokenIn: `0x${'0d'.repeat(20)}`,
              amountIn: 7n,
              tokenOut: `0x${'0c'.repeat(20)}`,
              amountOut: 10n ** 24n,
              direction: 'buy',
              baseToken: `0x${'0c'.repeat(20)}`,
              quoteToken: `0x${'0d'.repeat(20)}`,
              baseAmount: 10n ** 24n,
              quoteAmount: 7n,
              netFlows: [
                { token: `0x${'0c'.repeat(20)}`, amount: 10n ** 24n },
                { token: `0x${'0d'.repeat(20)}`, amount: -7n },
              ],
              router: `0x${'0e'.repeat(20)}`,
              routerLabel: 'Odos v2 router',
              aggregatorTokenIn: null,
              aggregatorAmountIn: null,
              aggregatorTokenOut: null,
              aggregatorAmountOut: null,
            },
          ],
          liquidityEvents: [],
          positions: [],
          feedAnswers: [],
          undecodable: [],
        },
      ])
      const valuation = {
        blockNumber: 500n,
        logIndex: 3,
        tier: 'model_config' as const,
        configId: 1,
        contractId: null,
        avaxUsdBlock: null,
        canonicalPeriodStart: null,
      }
      await writePricing(model, {
        blocks: [500n],
        swapValuations: [
          {
            ...valuation,
            denomination: 'AVAX',
            method: 'DIRECT_AVAX',
            value: '0.000000000000000007',
            price: '0.000000000000000000000000000007',
            avaxUsd: null,
            stale: null,
            errorCode: null,
            reason: null,
          },
          {
            ...valuation,
            denomination: 'USD',
            method: 'ERROR',
            value: null,
            price: null,
            avaxUsd: null,
            stale: null,
            errorCode: 'no_avax_usd_price',
            reason: 'No AVAX/USD price is known at block 500.',
          },
        ],
        tradeValuations: [],
        canonicalPrices: [],
      })
      await markBlocksFailed(model, [
        { header: { ...header, number: 501n }, error: 'The source returned no receipts.' },
      ])
    } finally {
      await model.close()
    }

    const result = await runCli(['db', 'inspect', '--model', 'alpha', '--json'], env)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const [alpha] = JSON.parse(result.stdout).databases
    expect(alpha).toMatchObject({
      database: names.alpha,
      exists: true,
      blocks: {
        first: '500',
        last: '501',
        done: 1,
        failed: 1,
        failedBlocks: [{ number: '501', error: 'The source returned no receipts.' }],
        latestSwap: {
          id: swapId,
          blockNumber: '500',
          direction: 'buy',
          baseAmount: '1000000000000000000000000',
          quoteAmount: '7',
          avax: { method: 'DIRECT_AVAX', reason: null },
          usd: { method: 'ERROR', value: null, reason: 'No AVAX/USD price is known at block 500.' },
        },
        trades: {
          byType: [{ type: 'trade', direction: 'buy', trades: 1 }],
          byRouter: [{ router: `0x${'0e'.repeat(20)}`, label: 'Odos v2 router', trades: 1, wallets: 1 }],
          forOtherWallets: 0,
        },
      },
    })
    const rows = Object.fromEntries(alpha.tables.map((t: { name: string; rows: number }) => [t.name, t.rows]))
    expect(rows).toMatchObject({
      processed_block: 2,
      pool_swap: 1,
      trade: 1,
      processed_transaction: 1,
      transfer: 0,
      _idx_database: 1,
    })
    expect(alpha.migrations.map((m: { name: string }) => m.name)).toEqual(modelMigrations)
    expect(Number(alpha.blocks.latestSwap.avax.value)).toBe(7e-18)

    const text = await runCli(['db', 'inspect', '--model', 'alpha'], env)
    expect(text.stdout).toContain(`model alpha ${names.alpha}`)
    expect(text.stdout).toContain('blocks: 500..501, 1 done, 1 failed')
    expect(text.stdout).toContain('failed 501: The source returned no receipts.')
    expect(text.stdout).toContain(
      'valued USD ERROR: No AVAX/USD price is known at block 500., 0.000000000000000007 AVAX (DIRECT_AVAX)',
    )
    expect(text.stdout).toContain('  trades: 1 buy\n')
    expect(text.stdout).toContain(`    Odos v2 router (0x${'0e'.repeat(20)}): 1 trade, 1 wallet\n`)
  })

  test('behavior: a database that does not exist yet', async () => {
    const result = await runCli(['db', 'inspect', '--shared', '--json'], {
      IDX_DATABASE_URL: SERVER,
      IDX_SHARED_DB: `${names.alpha}_missing`,
    })
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).databases).toEqual([
      expect.objectContaining({
        database: `${names.alpha}_missing`,
        exists: false,
        tables: [],
        migrations: [],
      }),
    ])
  })
})
