import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, test } from 'vitest'

// The packages as published: every package of packages/ that is not private,
// packed with pnpm (workspace:* becomes a version), installed with npm into a
// project outside the workspace, used from plain Node ESM and typechecked from
// TypeScript. Proves the exports maps, the bundled Prisma clients, the shipped
// migrations and the published declarations work without the monorepo around them.
const root = fileURLToPath(new URL('../../../', import.meta.url))
const PACKAGES = readdirSync(path.join(root, 'packages')).filter((name) => {
  const manifest = JSON.parse(readFileSync(path.join(root, 'packages', name, 'package.json'), 'utf8'))
  return manifest.private !== true
})
const work = mkdtempSync(path.join(tmpdir(), 'idx-pack-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** The version of a tool the workspace has installed, so the consumer installs the same one. */
const workspaceVersion = (name: string): string =>
  JSON.parse(readFileSync(createRequire(root).resolve(`${name}/package.json`), 'utf8')).version

const BLUB = '0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd'
const BLOCK = 58_300_000
const SENDER = '0x1111111111111111111111111111111111111111'
const RECEIVER = '0x2222222222222222222222222222222222222222'

const SHARED_YAML = `config_version: "1.0"
chain: { id: 43114, name: Avalanche C-Chain, native_symbol: AVAX }
tokens:
  - { address: "0xB31f66AA3C1e785363F0875A1B74E27b85FD66c7", symbol: WAVAX, name: Wrapped AVAX, decimals: 18, type: wrapped_native }
  - { address: "${BLUB}", symbol: BLUB, name: BLUB, decimals: 18, type: erc20 }
contracts:
  - { address: "${BLUB}", name: BLUB, type: erc20 }
sources:
  - { name: stored, type: stored_blocks, path: ./blocks }
price_feeds:
  avax_usd: { address: "0x0A77230d17318075983913bC2145DB16C7366156", decimals: 8, heartbeat_seconds: 86400 }
`

const MODEL_YAML = `config_version: "1.0"
model: { name: packed, version: "1.0", start_block: 58219691 }
sources: [stored]
tokens: [BLUB]
contracts: ["${BLUB}"]
`

const hex = (value: number | bigint) => `0x${value.toString(16)}`
const word = (value: string) => `0x${value.slice(2).padStart(64, '0')}`

/** A stored block (block-with-receipts JSON) holding one BLUB Transfer of 1 BLUB. */
function storedBlock() {
  const hash = word('0xb10c')
  const transactionHash = word('0x7a')
  const number = hex(BLOCK)
  return {
    number,
    hash,
    parentHash: word('0x9a7e47'),
    timestamp: hex(1_733_000_000),
    transactions: [
      {
        hash: transactionHash,
        from: SENDER,
        to: BLUB,
        transactionIndex: '0x0',
        blockHash: hash,
        blockNumber: number,
      },
    ],
    receipts: [
      {
        transactionHash,
        transactionIndex: '0x0',
        blockHash: hash,
        blockNumber: number,
        status: '0x1',
        logs: [
          {
            address: BLUB,
            // Transfer(address indexed from, address indexed to, uint256 value)
            topics: [
              '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef',
              word(SENDER),
              word(RECEIVER),
            ],
            data: word(hex(10n ** 18n)),
            logIndex: '0x0',
            transactionHash,
            transactionIndex: '0x0',
            blockHash: hash,
            blockNumber: number,
            removed: false,
          },
        ],
      },
    ],
  }
}

// Plain Node ESM: what another service does with the packages.
const MAIN_MJS = `import { loadModelConfig, loadSharedConfig, modelDatabaseTarget, readSettings, sharedDatabaseTarget } from '@idx/config'
import { createModelDb, migrateModelDb } from '@idx/model-db'
import { createModelSource, loadIndexerModel, processBatch } from '@idx/pipeline'
import { createSharedDb, importModelConfig, importSharedConfig, listModelSources, migrateSharedDb } from '@idx/shared-db'

const settings = readSettings({ env: { IDX_DATA_DIR: '.idx' }, cwd: process.cwd() })
const sharedTarget = sharedDatabaseTarget(settings)
const applied = (await migrateSharedDb({ target: sharedTarget })).applied.length
const shared = await createSharedDb({ target: sharedTarget })
const modelFile = await loadModelConfig('packed_v1_0.yaml')
const imported = [
  (await importSharedConfig(shared, await loadSharedConfig('shared_v1_0.yaml'))).applied,
  (await importModelConfig(shared, modelFile)).applied,
]
const modelTarget = modelDatabaseTarget(settings, { name: 'packed', database: 'idx_model_packed' })
const migratedModel = (await migrateModelDb({ target: modelTarget })).applied.length
const modelDb = await createModelDb({ target: modelTarget })
const { source } = createModelSource({ sources: await listModelSources(shared.client, 'packed'), env: {} })
const model = await loadIndexerModel({ shared, model: 'packed' })
const blocks = await source.getBlocks({ from: ${BLOCK}n, to: ${BLOCK}n, addresses: model.addresses })
const result = await processBatch({ model, db: modelDb, blocks })
const block = await modelDb.client.processedBlock.findUnique({ where: { number: ${BLOCK}n }, select: { status: true } })
const transfers = await modelDb.client.transfer.findMany({ select: { token: true, from: true, to: true, amount: true } })
await source.close?.()
await modelDb.close()
await shared.close()
console.log(JSON.stringify({
  applied: applied + migratedModel,
  imported,
  done: result.done,
  failed: result.failed,
  status: block?.status,
  transfers: transfers.map((row) => ({ ...row, amount: row.amount.toFixed() })),
}))
`

// TypeScript: the published declarations, checked by tsc. A missing export fails it.
const CONSUMER_TS = `import {
  type DatabaseTarget,
  type LoadedConfig,
  type ModelConfig,
  type SharedConfig,
  loadSharedConfig,
  readSettings,
  sharedDatabaseTarget,
} from '@idx/config'
import { type MigrationStatus, schemaEngineBinaryPath } from '@idx/database'
import { type ModelDb, migrateModelDb } from '@idx/model-db'
import { type BlockSource, type IndexerModel, type SourceBlock, createStoredBlockSource, processBatch } from '@idx/pipeline'
import { type SwapValuation, type SwapValuationMethod, valueSwap } from '@idx/pricing'
import { type ImportPlan, type SharedDb, createSharedDb, importSharedConfig } from '@idx/shared-db'
// @ts-expect-error -- the check has teeth: a name a package does not export is an error.
import type { NotExportedByConfig } from '@idx/config'

export const target: DatabaseTarget = sharedDatabaseTarget(readSettings({ env: {} }))
export const engine: string = schemaEngineBinaryPath()
export const loadShared: (file: string) => Promise<LoadedConfig<SharedConfig>> = loadSharedConfig
export const migrateModel: (parameters: { target: DatabaseTarget }) => Promise<{ applied: string[] }> = migrateModelDb
export const value: typeof valueSwap = valueSwap
export const source: BlockSource = createStoredBlockSource({ dir: 'blocks' })
export type Valuation = SwapValuation
export type Method = SwapValuationMethod
export type Status = MigrationStatus
export type Model = ModelConfig

export async function importShared(file: string): Promise<ImportPlan> {
  const db: SharedDb = await createSharedDb({ target })
  try {
    return await importSharedConfig(db, await loadSharedConfig(file))
  } finally {
    await db.close()
  }
}

export async function blubTransfers(db: ModelDb, block: bigint): Promise<{ from: string; amount: string }[]> {
  const rows = await db.client.transfer.findMany({ where: { blockNumber: block, token: '${BLUB}' } })
  return rows.map((row) => ({ from: row.from, amount: row.amount.toFixed() }))
}

export async function processBlocks(model: IndexerModel, db: ModelDb, blocks: SourceBlock[]): Promise<number> {
  const result = await processBatch({ model, db, blocks })
  return result.done
}
`

test('behavior: packed packages install outside the workspace, import both configs, process a stored block and typecheck', {
  timeout: 300_000,
}, () => {
  const packs = path.join(work, 'packs')
  mkdirSync(packs)
  for (const name of PACKAGES)
    execFileSync('pnpm', ['pack', '--pack-destination', packs], {
      cwd: path.join(root, 'packages', name),
      stdio: 'pipe',
    })
  const tarballs = Object.fromEntries(
    readdirSync(packs).map((file) => [
      `@idx/${file.replace(/^idx-/, '').replace(/-\d+\.\d+\.\d+\.tgz$/, '')}`,
      `file:${path.join(packs, file)}`,
    ]),
  )
  expect(Object.keys(tarballs).sort()).toEqual(PACKAGES.map((name) => `@idx/${name}`).sort())
  expect(Object.keys(tarballs)).toEqual(expect.arrayContaining(['@idx/pricing', '@idx/pipeline']))

  const project = path.join(work, 'consumer')
  mkdirSync(path.join(project, 'blocks'), { recursive: true })
  writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({
      name: 'consumer',
      private: true,
      type: 'module',
      dependencies: tarballs,
      devDependencies: {
        typescript: workspaceVersion('typescript'),
        '@types/node': workspaceVersion('@types/node'),
      },
      overrides: tarballs,
    }),
  )
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: project,
    stdio: 'pipe',
  })

  writeFileSync(path.join(project, 'shared_v1_0.yaml'), SHARED_YAML)
  writeFileSync(path.join(project, 'packed_v1_0.yaml'), MODEL_YAML)
  writeFileSync(path.join(project, 'blocks', `${BLOCK}.json`), JSON.stringify(storedBlock()))
  writeFileSync(path.join(project, 'main.mjs'), MAIN_MJS)
  const output = execFileSync(process.execPath, ['main.mjs'], { cwd: project, encoding: 'utf8' })
  expect(JSON.parse(output.trim().split('\n').at(-1)!)).toEqual({
    applied: expect.any(Number),
    imported: [true, true],
    done: 1,
    failed: [],
    status: 'done',
    transfers: [{ token: BLUB, from: SENDER, to: RECEIVER, amount: (10n ** 18n).toString() }],
  })

  writeFileSync(path.join(project, 'consumer.ts'), CONSUMER_TS)
  writeFileSync(
    path.join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'es2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
      },
      files: ['consumer.ts'],
    }),
  )
  const tsc = path.join(project, 'node_modules', 'typescript', 'bin', 'tsc')
  try {
    execFileSync(process.execPath, [tsc, '-p', '.'], { cwd: project, encoding: 'utf8', stdio: 'pipe' })
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string }
    throw new Error(`tsc rejected the consumer of the published types:\n${stdout ?? ''}${stderr ?? ''}`)
  }
})
