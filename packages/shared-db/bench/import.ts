// `pnpm bench:import`: how long validating and importing large configuration
// files takes against PostgreSQL. Generates a shared file with 5,000 tokens
// and 5,000 pools and a model file tracking 2,000 of those pools, then times
// validation, the first import, a re-import with no change, and a re-import of
// an edited file. Prints figures; asserts nothing.
//
// The server is IDX_TEST_DATABASE_URL (default the local trust-auth server);
// a throw-away database is created and dropped.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { loadModelConfig, loadSharedConfig } from '@idx/config'
import { testDatabase } from '@idx/testkit'
import {
  createSharedDb,
  type ImportPlan,
  importModelConfig,
  importSharedConfig,
  migrateSharedDb,
} from '../src/index'

const TOKENS = 5_000
const POOLS = 5_000
const TRACKED = 2_000

const WAVAX = '0xb31f66aa3c1e785363f0875a1b74e27b85fd66c7'
const USDC = '0xb97ef9ef8734c71904d8002f8b6bc66dd9c48a6e'
const FEED = '0x0a77230d17318075983913bc2145db16c7366156'
const address = (prefix: string, i: number) =>
  `0x${prefix}${i.toString(16).padStart(40 - prefix.length, '0')}`
const tokenAddress = (i: number) => address('70', i)
const poolAddress = (i: number) => address('90', i)

function sharedYaml(edit = false): string {
  const lines = [
    'config_version: "1.0"',
    'chain: { id: 43114, name: Avalanche C-Chain, native_symbol: AVAX }',
    'tokens:',
    `  - { address: "${WAVAX}", symbol: WAVAX, name: Wrapped AVAX, decimals: 18, type: wrapped_native }`,
    `  - { address: "${USDC}", symbol: USDC, name: USD Coin, decimals: 6, type: stable }`,
  ]
  for (let i = 0; i < TOKENS - 2; i++) {
    // An edited file renames one token in a hundred.
    const name = edit && i % 100 === 0 ? `Token ${i} v2` : `Token ${i}`
    lines.push(
      `  - address: "${tokenAddress(i)}"`,
      `    symbol: T${i}`,
      `    name: ${name}`,
      '    decimals: 18',
      '    type: erc20',
    )
  }
  lines.push('contracts:', `  - { address: "${FEED}", name: Chainlink AVAX/USD, type: chainlink_aggregator }`)
  for (let i = 0; i < POOLS; i++) {
    const quote = i % 2 === 0 ? 'WAVAX' : 'USDC'
    const method = i % 2 === 0 ? 'direct_avax' : 'direct_usd'
    lines.push(
      `  - address: "${poolAddress(i)}"`,
      `    name: T${i % (TOKENS - 2)}/${quote} pool ${i}`,
      '    type: uniswap_v2_pair',
      '    project: bench',
      '    pool:',
      `      base_token: T${i % (TOKENS - 2)}`,
      `      quote_token: ${quote}`,
      '      pricing:',
      `        method: ${method}`,
      `        start_block: ${1_000_000 + i}`,
    )
  }
  lines.push(
    'sources:',
    '  - { name: avalanche_rpc, type: rpc, url_env: IDX_AVALANCHE_RPC_URL }',
    'price_feeds:',
    `  avax_usd: { address: "${FEED}", heartbeat_seconds: 86400 }`,
  )
  return `${lines.join('\n')}\n`
}

function modelYaml(edit = false): string {
  const lines = [
    'config_version: "1.0"',
    'model: { name: bench, version: "1.0", start_block: 1000000 }',
    'sources: [avalanche_rpc]',
    'tokens:',
  ]
  for (let i = 0; i < TRACKED; i++) lines.push(`  - T${i}`)
  lines.push('contracts:')
  for (let i = 0; i < TRACKED; i++) lines.push(`  - "${poolAddress(i)}"`)
  lines.push('pool_pricing:')
  for (let i = 0; i < TRACKED; i++) {
    const method = i % 4 === 0 ? 'use_global_default' : i % 2 === 0 ? 'direct_avax' : 'global'
    // An edited file closes one range in a hundred.
    lines.push(`  - pool: "${poolAddress(i)}"`, `    method: ${method}`, `    start_block: ${1_000_000 + i}`)
    if (edit && i % 100 === 0) lines.push(`    end_block: ${2_000_000 + i}`)
  }
  return `${lines.join('\n')}\n`
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(3)} s`

/** What a plan did, per kind: `token +5000` (created), `~` updated, `=` unchanged, `-` removed, `?` not in file. */
function describePlan(plan: ImportPlan): string {
  return plan.summary
    .map((kind) => {
      const parts = [
        ['+', kind.created],
        ['~', kind.updated],
        ['=', kind.unchanged],
        ['-', kind.removed],
        ['?', kind.notInFile],
      ].flatMap(([mark, count]) => (count === 0 ? [] : [`${mark}${count}`]))
      return parts.length === 0 ? '' : `${kind.kind} ${parts.join(' ')}`
    })
    .filter((text) => text !== '')
    .join(', ')
}

async function time<T>(label: string, fn: () => Promise<T>, rows: [string, number, string][]): Promise<T> {
  const start = performance.now()
  const result = await fn()
  const ms = performance.now() - start
  const plan = result as ImportPlan
  rows.push([label, ms, plan.summary === undefined ? '' : describePlan(plan)])
  return result
}

const dir = mkdtempSync(path.join(tmpdir(), 'idx-bench-'))
const files = {
  shared: path.join(dir, 'shared_v1_0.yaml'),
  model: path.join(dir, 'bench_v1_0.yaml'),
  sharedEdited: path.join(dir, 'shared_edited.yaml'),
  modelEdited: path.join(dir, 'bench_edited.yaml'),
}
writeFileSync(files.shared, sharedYaml())
writeFileSync(files.model, modelYaml())
writeFileSync(files.sharedEdited, sharedYaml(true))
writeFileSync(files.modelEdited, modelYaml(true))

const database = testDatabase('postgres')
const rows: [string, number, string][] = []
try {
  await migrateSharedDb({ target: database.target })
  const db = await createSharedDb({ target: database.target })
  try {
    const shared = await time('validate shared file', () => loadSharedConfig(files.shared), rows)
    const model = await time('validate model file', () => loadModelConfig(files.model), rows)
    await time(
      'dry run shared (empty database)',
      () => importSharedConfig(db, shared, { dryRun: true }),
      rows,
    )
    const a = await time('import shared', () => importSharedConfig(db, shared), rows)
    const b = await time('import model', () => importModelConfig(db, model), rows)
    await time('re-import shared (no change)', () => importSharedConfig(db, shared), rows)
    await time('re-import model (no change)', () => importModelConfig(db, model), rows)
    const sharedEdited = await loadSharedConfig(files.sharedEdited)
    const modelEdited = await loadModelConfig(files.modelEdited)
    await time('re-import shared (1% edited)', () => importSharedConfig(db, sharedEdited), rows)
    await time('re-import model (1% edited)', () => importModelConfig(db, modelEdited), rows)
    if (!a.applied || !b.applied) throw new Error('The first imports did not apply.')
  } finally {
    await db.close()
  }
} finally {
  await database.drop()
  rmSync(dir, { recursive: true, force: true })
}

const ms = (label: string) => rows.find(([name]) => name === label)?.[1] ?? Number.NaN
const width = Math.max(...rows.map(([label]) => label.length))
console.log(
  `idx config import benchmark — ${TOKENS} tokens, ${POOLS} pools, a model tracking ${TRACKED} (PostgreSQL)\n`,
)
for (const [label, time, what] of rows)
  console.log(`${label.padEnd(width)}  ${seconds(time).padStart(9)}  ${what}`)
const imported = ms('import shared') + ms('import model')
const reimported = ms('re-import shared (no change)') + ms('re-import model (no change)')
const validated = ms('validate shared file') + ms('validate model file')
console.log(`
(+ created, ~ updated, = unchanged, - removed, ? not in file)

import, shared + model:               ${seconds(imported)}  (target < 3 s; with validation ${seconds(imported + validated)})
re-import with no change, both files: ${seconds(reimported)}  (target < 1 s; with validation ${seconds(reimported + validated)})`)
