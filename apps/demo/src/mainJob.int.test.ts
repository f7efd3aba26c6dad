// The README's set-up command, end to end: the repository as git tracks it is
// copied to a temporary folder, installed offline from the pnpm store, and
// `pnpm main-job` is run there twice. Its summary is then checked against the
// chain it made — anvil restarted from the state the job saved, read with
// viem's getLogs — never against numbers written down here.

import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'
import { parseModelConfig, parseSharedConfig } from '@idx/config'
import { type ClChainEvents, readChainTrades, readClChainEvents } from '@idx/pipeline/testing'
import { type Anvil, createTestkitClient, startAnvil, type TestkitClient } from '@idx/testkit'
import { type Address, formatUnits, type Log, parseAbi, parseAbiItem } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { formatSummary } from './formatSummary'
import type { MainJobSummary } from './runMainJob'

/** Blocks of trading: enough for several price updates and both pools, small enough for CI. */
const BLOCKS = 40

const swapEvent = parseAbiItem(
  'event Swap(address indexed sender, uint256 amount0In, uint256 amount1In, uint256 amount0Out, uint256 amount1Out, address indexed to)',
)
const answerUpdatedEvent = parseAbiItem(
  'event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt)',
)
const pairAbi = parseAbi([
  'function token0() view returns (address)',
  'function token1() view returns (address)',
])
const managerAbi = parseAbi(['function factory() view returns (address)'])
const v3FactoryAbi = parseAbi([
  'function getPool(address tokenA, address tokenB, uint24 fee) view returns (address)',
])
const tokenAbi = parseAbi([
  'function symbol() view returns (string)',
  'function decimals() view returns (uint8)',
])

type Run = { code: number | null; stdout: string; stderr: string; ms: number }

let work: string
let dataDir: string
let env: NodeJS.ProcessEnv
let install: Run
let first: MainJobSummary
let second: MainJobSummary
let firstRun: Run
let secondRun: Run

/** Runs a command in the copy; resolves with its exit code and output (never rejects on a non-zero exit). */
function runIn(cwd: string, command: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }))
  })
}

const describeRun = (what: string, run: Run) =>
  `${what} exited with ${run.code}.\n--- stdout ---\n${run.stdout.slice(-4000)}\n--- stderr ---\n${run.stderr.slice(-4000)}`

/** The environment of a fresh shell: nothing of this pnpm/vitest run, no database server, no telemetry. */
function cleanEnvironment(): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|PNPM_SCRIPT|VITEST|TURBO_)/i.test(key)) continue
    if (/^IDX_/.test(key) || key === 'INIT_CWD' || key === 'NODE_ENV' || key === 'NODE_OPTIONS') continue
    clean[key] = value
  }
  clean.PATH = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((entry) => !entry.includes(`node_modules${path.sep}.bin`))
    .join(path.delimiter)
  clean.TURBO_TELEMETRY_DISABLED = '1'
  clean.DO_NOT_TRACK = '1'
  return clean
}

beforeAll(async () => {
  env = cleanEnvironment()
  const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim()
  work = mkdtempSync(path.join(tmpdir(), 'idx-main-job-'))
  dataDir = path.join(work, 'data')
  // The postinstall builds the packages (turbo db:generate after ^build): read the repository's turbo
  // cache, never write it, so that outputs built from the same sources are restored instead of rebuilt.
  env.TURBO_CACHE_DIR = path.join(root, '.turbo', 'cache')
  env.TURBO_CACHE = 'local:r'
  // The tracked files, as git's index holds them (a fresh clone, plus anything staged) — nothing else.
  execFileSync('git', ['checkout-index', '--all', `--prefix=${work}${path.sep}`], { cwd: root })

  install = await runIn(work, 'pnpm', ['install', '--offline', '--frozen-lockfile'])
  if (install.code !== 0) throw new Error(describeRun('pnpm install --offline --frozen-lockfile', install))

  // Only the job gets IDX_DATA_DIR: IDX_* variables are part of turbo's task hashes (globalEnv).
  const job = { IDX_DATA_DIR: dataDir }
  firstRun = await runIn(work, 'pnpm', ['main-job', '--blocks', String(BLOCKS), '--json'], job)
  if (firstRun.code !== 0) throw new Error(describeRun('The first pnpm main-job', firstRun))
  first = JSON.parse(firstRun.stdout)
  secondRun = await runIn(work, 'pnpm', ['main-job', '--blocks', String(BLOCKS), '--json'], job)
  if (secondRun.code !== 0) throw new Error(describeRun('The second pnpm main-job', secondRun))
  second = JSON.parse(secondRun.stdout)
  // Not asserted (no timed assertions): printed so that CI logs show what the set-up costs.
  console.info(
    `main-job test: install ${(install.ms / 1000).toFixed(1)} s, first run ${(firstRun.ms / 1000).toFixed(1)} s, second run ${(secondRun.ms / 1000).toFixed(1)} s`,
  )
}, 900_000)

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true })
})

describe('the chain the job saved', () => {
  let anvil: Anvil
  let client: TestkitClient
  let swaps: (Log<bigint, number, false, typeof swapEvent, true> & { args: Record<string, bigint> })[]
  let answers: { blockNumber: bigint; logIndex: number; answer: bigint }[]
  /** The V3 pool's swaps and the position manager's positions, as the chain says. */
  let cl: ClChainEvents
  /** Every pool swap — V2 and Solidly `Swap` logs, V3 `Swap` logs — as the amounts of token0 and token1 it moved. */
  let moves: { address: string; blockNumber: bigint; amount0: bigint; amount1: bigint }[]
  const from = () => BigInt(first.chain.firstBlock)
  const to = () => BigInt(first.chain.lastBlock)

  beforeAll(async () => {
    // anvil loads plain JSON; the job keeps anvil's dump gzipped.
    const state = path.join(work, 'state.json')
    writeFileSync(state, gunzipSync(readFileSync(first.data.chainState)))
    anvil = await startAnvil({ args: ['--load-state', state] })
    client = createTestkitClient({ rpcUrl: anvil.rpcUrl })
    swaps = (await client.getLogs({
      event: swapEvent,
      fromBlock: 0n,
      toBlock: 'latest',
      strict: true,
    })) as never
    answers = (
      await client.getLogs({
        address: first.chain.feed as Address,
        event: answerUpdatedEvent,
        fromBlock: 0n,
        toBlock: 'latest',
        strict: true,
      })
    ).map((log) => ({ blockNumber: log.blockNumber, logIndex: log.logIndex, answer: log.args.current }))
    const v3Pool = first.chain.pools.find((pool) => pool.name === 'BLUB/WAVAX V3')
    if (v3Pool === undefined || first.chain.positionManager === null)
      throw new Error('The demo chain has no V3 pool or position manager.')
    cl = await readClChainEvents(client, {
      from: 0n,
      to: await client.getBlockNumber(),
      pools: [v3Pool.address as Address],
      positionManagers: [first.chain.positionManager as Address],
    })
    const abs = (value: bigint) => (value < 0n ? -value : value)
    moves = [
      ...swaps.map((log) => ({
        address: log.address.toLowerCase(),
        blockNumber: log.blockNumber,
        amount0: log.args.amount0In + log.args.amount0Out,
        amount1: log.args.amount1In + log.args.amount1Out,
      })),
      ...cl.pools.swaps.map((swap) => ({
        address: swap.address.toLowerCase(),
        blockNumber: swap.blockNumber,
        amount0: abs(swap.amount0),
        amount1: abs(swap.amount1),
      })),
    ]
  }, 120_000)
  afterAll(() => anvil?.stop())

  /** Each pool of the summary with its tokens, as the chain says. */
  async function poolsOnChain() {
    return Promise.all(
      first.pools.map(async (pool) => {
        const address = pool.address as Address
        const [token0, token1] = await Promise.all([
          client.readContract({ address, abi: pairAbi, functionName: 'token0' }),
          client.readContract({ address, abi: pairAbi, functionName: 'token1' }),
        ])
        const describe = async (token: Address) => ({
          address: token.toLowerCase(),
          symbol: await client.readContract({ address: token, abi: tokenAbi, functionName: 'symbol' }),
          decimals: await client.readContract({ address: token, abi: tokenAbi, functionName: 'decimals' }),
        })
        const tokens = [await describe(token0), await describe(token1)] as const
        const baseIndex = tokens.findIndex((token) => token.symbol === pool.base)
        const quoteIndex = tokens.findIndex((token) => token.symbol === pool.quote)
        return {
          summary: pool,
          address: address.toLowerCase(),
          base: tokens[baseIndex]!,
          quote: tokens[quoteIndex]!,
          baseIsToken0: baseIndex === 0,
          quoteIndex,
          logs: moves.filter((move) => move.address === address.toLowerCase()),
        }
      }),
    )
  }

  /** The amounts of base and quote a swap moved (one side in, the other out). */
  const amounts = (move: (typeof moves)[number], baseIsToken0: boolean) =>
    baseIsToken0 ? { base: move.amount0, quote: move.amount1 } : { base: move.amount1, quote: move.amount0 }

  /** The feed's answer as of (after) a block: its last AnswerUpdated at or before it. */
  const answerAt = (blockNumber: bigint) => {
    const before = answers.filter((answer) => answer.blockNumber <= blockNumber)
    const last = before.at(-1)
    if (last === undefined) throw new Error(`The feed had no answer at block ${blockNumber}.`)
    return last.answer
  }

  test('default: blocks, swaps and trades are what the chain holds', async () => {
    const head = await client.getBlockNumber()
    expect(BigInt(first.chain.lastBlock)).toBe(head)
    expect(first.blocks).toEqual({
      total: Number(to() - from() + 1n),
      done: Number(to() - from() + 1n),
      failed: 0,
      first: from().toString(),
      last: to().toString(),
    })
    expect(first.chain.tradingBlocks).toBe(BLOCKS)
    expect(first.run).toEqual({ processed: first.blocks.total, skipped: 0, failed: 0 })

    // Every Swap on the chain is in one of the summary's pools, and counted.
    const pools = await poolsOnChain()
    expect(new Set(moves.map((move) => move.address))).toEqual(new Set(pools.map((pool) => pool.address)))
    expect(first.swaps).toBe(moves.length)
    // The CL pool traded during the scenario and in the generated activity too.
    const v3Address = first.chain.pools.find((pool) => pool.name === 'BLUB/WAVAX V3')?.address.toLowerCase()
    const v3 = pools.find((pool) => pool.address === v3Address)
    expect(v3?.logs.length).toBe(cl.pools.swaps.length)
    expect(
      cl.pools.swaps.some((swap) => swap.blockNumber > BigInt(first.chain.lastBlock) - BigInt(BLOCKS)),
    ).toBe(true)
    for (const pool of pools) expect(pool.summary.swaps).toBe(pool.logs.length)
    expect(first.feedAnswers).toBe(answers.filter((answer) => answer.blockNumber >= from()).length)
  })

  test("default: trades are each wallet's BLUB trades as the chain says, by type and by router", async () => {
    const router = first.chain.splitRouter as Address
    const blub = first.chain.tokens.find((token) => token.symbol === 'BLUB')!.address as Address
    // Every wallet's swaps in a transaction that touched a BLUB pool, its net flows, from getLogs.
    const trades = await readChainTrades(client, {
      from: from(),
      to: to(),
      pools: first.pools.map((pool) => pool.address as Address),
      asset: blub,
      routers: new Map([[router.toLowerCase(), 'Split router']]),
      aggregators: [router],
    })
    expect(first.trades).toBe(trades.length)
    const count = (keep: (trade: (typeof trades)[number]) => boolean) => trades.filter(keep).length
    const byRouter = new Map<string, number>()
    for (const trade of trades)
      byRouter.set(trade.router_label ?? '', (byRouter.get(trade.router_label ?? '') ?? 0) + 1)
    expect(first.tradeKinds).toEqual({
      buys: count((trade) => trade.direction === 'buy'),
      sells: count((trade) => trade.direction === 'sell'),
      arbitrages: count((trade) => trade.trade_type === 'arbitrage'),
      split: count((trade) => trade.trade_type === 'trade' && trade.asset_legs.length > 1),
      multiHop: count((trade) => trade.route.length > trade.asset_legs.length),
      forOtherWallets: count((trade) => trade.wallet !== trade.taker),
      byRouter: [...byRouter]
        .map(([label, n]) => ({
          router: label === '' ? null : router.toLowerCase(),
          label: label === '' ? null : label,
          trades: n,
        }))
        .sort((a, b) => b.trades - a.trades || (a.router === null ? 1 : -1)),
    })
    // The market trades through the aggregator-style router sometimes: every shape shows.
    expect(first.tradeKinds.split).toBeGreaterThan(0)
    expect(first.tradeKinds.multiHop).toBeGreaterThan(0)
    expect(first.tradeKinds.arbitrages).toBeGreaterThan(0)
    expect(first.tradeKinds.forOtherWallets).toBeGreaterThan(0)
  })

  test('default: volumes are the amounts the Swap events moved, to the last unit', async () => {
    // Plain swaps: each token goes one way only, so "the amount swapped" is unambiguous.
    for (const log of swaps) {
      const { amount0In, amount1In, amount0Out, amount1Out } = log.args
      expect(amount0In === 0n || amount0Out === 0n).toBe(true)
      expect(amount1In === 0n || amount1Out === 0n).toBe(true)
    }
    const pools = await poolsOnChain()
    let wavax = 0n
    for (const pool of pools) {
      let base = 0n
      let quote = 0n
      for (const log of pool.logs) {
        const moved = amounts(log, pool.baseIsToken0)
        base += moved.base
        quote += moved.quote
      }
      expect(pool.summary.baseVolume).toBe(formatUnits(base, pool.base.decimals))
      expect(pool.summary.quoteVolume).toBe(formatUnits(quote, pool.quote.decimals))
      if (pool.base.symbol === 'WAVAX') wavax += base
      if (pool.quote.symbol === 'WAVAX') wavax += quote
    }
    expect(first.volume.wavax).toBe(formatUnits(wavax, 18))
  })

  test('default: swaps are valued from the chain — the WAVAX side, the USDC side, AVAX/USD at the block', async () => {
    expect(first.pricing.available).toBe(true)
    expect(first.pricing.swapsValued).toBe(first.swaps)
    expect(first.pricing.swapsNotValued).toBe(0)
    expect(first.pricing.notValued).toEqual([])
    expect(first.pricing.trades).toMatchObject({ valued: first.trades, notValued: 0 })

    const SCALE = 30 // numeric(78,30)
    let avaxTotal = 0n
    let usdTotal = 0n
    let tolerance = 0n
    for (const pool of await poolsOnChain()) {
      let avax = 0n // exact, at 10^-SCALE, or rounded per swap (then `rounded` counts the swaps)
      let usd = 0n
      let rounded = 0n
      for (const log of pool.logs) {
        const moved = amounts(log, pool.baseIsToken0)
        const answer = answerAt(log.blockNumber) // 8 decimals
        if (pool.quote.symbol === 'WAVAX') {
          // DIRECT_AVAX: AVAX = the WAVAX received or paid; USD = AVAX × AVAX/USD at the block.
          avax += moved.quote * 10n ** BigInt(SCALE - 18)
          usd += (moved.quote * answer * 10n ** BigInt(SCALE)) / 10n ** 26n
        } else if (pool.quote.symbol === 'USDC') {
          // DIRECT_USD: USD = the USDC received or paid; AVAX = USD ÷ AVAX/USD at the block.
          usd += moved.quote * 10n ** BigInt(SCALE - 6)
          avax += (moved.quote * 10n ** BigInt(SCALE - 6) * 10n ** 8n) / answer
          rounded += 1n
        } else throw new Error(`Unexpected quote token ${pool.quote.symbol}.`)
      }
      const value = (text: string | null) => toScaled(text ?? 'missing', SCALE)
      expect(value(pool.summary.volumeUsd)).toBe(usd)
      expect(distance(value(pool.summary.volumeAvax), avax)).toBeLessThanOrEqual(rounded)
      avaxTotal += avax
      usdTotal += usd
      tolerance += rounded
    }
    expect(toScaled(first.volume.usd ?? 'missing', SCALE)).toBe(usdTotal)
    expect(distance(toScaled(first.volume.avax ?? 'missing', SCALE), avaxTotal)).toBeLessThanOrEqual(
      tolerance,
    )
  })

  test("default: BLUB's canonical price stays inside the prices its pricing pool traded at", async () => {
    const price = first.price
    expect(price?.symbol).toBe('BLUB')
    expect(price?.pricedPeriods).toBeGreaterThan(0)
    // BLUB's pricing pools, as the model file names them: the first V2 pool and the V3 pool.
    const model = parseModelConfig(readFileSync(first.data.modelFile, 'utf8'), first.data.modelFile).config
    const pricing = new Set(
      model.pool_pricing.filter((entry) => entry.pricing_pool).map((entry) => entry.pool.toLowerCase()),
    )
    expect(pricing.size).toBe(2)
    const pricingPools = (await poolsOnChain()).filter((candidate) => pricing.has(candidate.address))
    const SCALE = 30
    const ratios = pricingPools.flatMap((pool) =>
      pool.logs.map((log) => {
        const moved = amounts(log, pool.baseIsToken0) // both 18 decimals
        return {
          floor: (moved.quote * 10n ** BigInt(SCALE)) / moved.base,
          ceil: (moved.quote * 10n ** BigInt(SCALE) + moved.base - 1n) / moved.base,
        }
      }),
    )
    const lowest = sorted(ratios.map((ratio) => ratio.floor))[0]!
    const highest = sorted(ratios.map((ratio) => ratio.ceil)).at(-1)!
    for (const point of [price?.min.avax, price?.max.avax, price?.first?.avax, price?.last?.avax]) {
      const scaled = toScaled(point ?? 'missing', SCALE)
      // A volume-weighted average of some of these swaps, rounded to 30 decimals.
      expect(scaled).toBeGreaterThanOrEqual(lowest - 1n)
      expect(scaled).toBeLessThanOrEqual(highest + 1n)
    }
    // USD = AVAX × an AVAX/USD answer the feed gave during the run.
    const feed = sorted(answers.map((answer) => answer.answer))
    const [lowAnswer, highAnswer] = [feed[0]!, feed.at(-1)!]
    for (const point of [price?.first, price?.last]) {
      const usd = toScaled(point?.usd ?? 'missing', SCALE)
      const avax = toScaled(point?.avax ?? 'missing', SCALE)
      expect(usd * 10n ** 8n).toBeGreaterThanOrEqual(avax * lowAnswer - 10n ** 8n)
      expect(usd * 10n ** 8n).toBeLessThanOrEqual(avax * highAnswer + 10n ** 8n)
    }
    expect(price!.first!.periodStart <= price!.last!.periodStart).toBe(true)
  })

  test("default: the CL positions are the manager's open positions — positions(tokenId) and ownerOf", async () => {
    const manager = first.chain.positionManager as Address
    const factory = await client.readContract({ address: manager, abi: managerAbi, functionName: 'factory' })
    const open = cl.positionManagers.positions.filter((view) => view.owner !== null && view.position !== null)
    // The scenario burned one NFT: it is not listed.
    expect(cl.positionManagers.positions.length).toBeGreaterThan(open.length)
    const expected = await Promise.all(
      open.map(async (view) => ({
        manager: manager.toLowerCase(),
        tokenId: view.tokenId.toString(),
        owner: view.owner!.toLowerCase(),
        pool: (
          await client.readContract({
            address: factory,
            abi: v3FactoryAbi,
            functionName: 'getPool',
            args: [view.position!.token0, view.position!.token1, view.position!.fee],
          })
        ).toLowerCase(),
        tickLower: view.position!.tickLower,
        tickUpper: view.position!.tickUpper,
        liquidity: view.position!.liquidity.toString(),
      })),
    )
    const byToken = (a: { tokenId: string }, b: { tokenId: string }) =>
      Number(BigInt(a.tokenId) - BigInt(b.tokenId))
    expect(
      first.positions
        .map((position) => ({ ...position, manager: position.manager.toLowerCase() }))
        .sort(byToken),
    ).toEqual(expected.sort(byToken))
    // Every listed position is in the V3 pool the summary names.
    const v3 = first.chain.pools.find((pool) => pool.name === 'BLUB/WAVAX V3')!.address.toLowerCase()
    expect(new Set(first.positions.map((position) => position.pool.toLowerCase()))).toEqual(new Set([v3]))
    // The NFT that changed hands is listed under its receiver, not its minter.
    const moved = cl.positionManagers.transfers.filter(
      (transfer) => !/^0x0{40}$/.test(transfer.from) && !/^0x0{40}$/.test(transfer.to),
    )
    const listedMoved = moved.flatMap((transfer) =>
      first.positions.filter((position) => position.tokenId === transfer.tokenId.toString()),
    )
    expect(listedMoved.length).toBeGreaterThan(0)
    for (const position of listedMoved)
      expect(position.owner.toLowerCase()).toBe(
        moved.findLast((t) => t.tokenId.toString() === position.tokenId)!.to.toLowerCase(),
      )
  })
})

describe('running it again', () => {
  test('behavior: the second run reuses the chain, the files, the migrations, the configuration and the blocks', () => {
    expect(second.reused).toEqual({
      chain: true,
      files: true,
      sharedMigrations: true,
      modelMigrations: true,
      sharedConfig: true,
      modelConfig: true,
      blocks: first.blocks.total,
    })
    expect(second.run).toEqual({ processed: 0, skipped: first.blocks.total, failed: 0 })
    expect(second.steps.migrations).toEqual({ shared: [], model: [] })
    expect(second.steps.imports.shared).toMatchObject({ created: 0, updated: 0, removed: 0 })
    expect(second.steps.imports.model).toMatchObject({ created: 0, updated: 0, removed: 0 })
    expect(second.steps.modelDatabaseReset).toBeNull()
    expect(secondRun.stderr).toContain('Reloading the saved chain')
    // The first run made everything.
    expect(first.reused).toMatchObject({
      chain: false,
      sharedMigrations: false,
      modelMigrations: false,
      blocks: 0,
    })
    expect(first.steps.migrations.shared.length).toBeGreaterThan(0)
  })

  test('behavior: the second run reports the same summary', () => {
    const same = (summary: MainJobSummary) => ({
      chain: summary.chain,
      blocks: summary.blocks,
      swaps: summary.swaps,
      trades: summary.trades,
      tradeKinds: summary.tradeKinds,
      transfers: summary.transfers,
      liquidityEvents: summary.liquidityEvents,
      feedAnswers: summary.feedAnswers,
      pools: summary.pools,
      positions: summary.positions,
      volume: summary.volume,
      pricing: summary.pricing,
      price: summary.price,
      data: summary.data,
    })
    expect(same(second)).toEqual({ ...same(first), chain: { ...first.chain, reused: true } })
  })
})

describe('what it leaves behind', () => {
  test('default: the configuration files describe the chain and name its pools and pricing', () => {
    const shared = parseSharedConfig(
      readFileSync(first.data.sharedFile, 'utf8'),
      first.data.sharedFile,
    ).config
    const model = parseModelConfig(readFileSync(first.data.modelFile, 'utf8'), first.data.modelFile).config
    expect(path.dirname(first.data.sharedFile)).toBe(path.join(dataDir, 'demo'))
    expect(model.model.name).toBe(first.model)
    expect(BigInt(model.model.start_block)).toBe(BigInt(first.chain.firstBlock))
    expect(shared.price_feeds.avax_usd.address.toLowerCase()).toBe(first.chain.feed.toLowerCase())
    expect(
      model.pool_pricing.map((entry) => [entry.pool.toLowerCase(), entry.method, entry.pricing_pool]),
    ).toEqual([
      [first.pools.find((pool) => pool.base === 'BLUB')?.address.toLowerCase(), 'direct_avax', true],
      [first.pools.find((pool) => pool.quote === 'USDC')?.address.toLowerCase(), 'direct_usd', false],
      [first.pools.filter((pool) => pool.base === 'BLUB')[1]?.address.toLowerCase(), 'direct_avax', false],
      [first.pools.find((pool) => pool.name.includes('V3'))?.address.toLowerCase(), 'direct_avax', true],
      [
        first.pools.find((pool) => pool.name.includes('Solidly'))?.address.toLowerCase(),
        'direct_avax',
        false,
      ],
    ])
    // The V3 position manager is tracked by the model.
    expect(model.contracts.map((address) => address.toLowerCase())).toContain(
      first.chain.positionManager?.toLowerCase(),
    )
    // The model's asset, and the aggregator-style router it decodes, labelled.
    expect(model.target_asset).toBe('BLUB')
    expect(shared.addresses.map((entry) => [entry.address.toLowerCase(), entry.label, entry.kind])).toEqual([
      [first.chain.splitRouter?.toLowerCase(), 'Split router', 'aggregator'],
    ])
    expect(first.data.sharedDatabase).toBe(`PGlite ${path.join(dataDir, 'idx_shared')}`)
    expect(first.data.modelDatabase).toBe(`PGlite ${path.join(dataDir, 'idx_model_demo')}`)
    // IDX_DATA_DIR is the copy's `data` folder: the commands name it, relative to where pnpm ran.
    expect(first.commands.map((entry) => entry.command)).toContain(
      'pnpm idx --data-dir data db inspect --model demo',
    )
  })

  test('default: the summary for people says what was reused and where the data lives', () => {
    const text = formatSummary(second, { cwd: work })
    expect(text).toContain(`Pool swaps  ${second.swaps.toLocaleString('en-US')}`)
    expect(text).toContain(`Trades      ${second.trades.toLocaleString('en-US')}: `)
    expect(text).toContain('split over pools')
    expect(text).toContain(
      `Split router ${second.tradeKinds.byRouter.find((row) => row.label === 'Split router')?.trades}`,
    )
    expect(text).toContain('Concentrated-liquidity positions')
    for (const position of second.positions) expect(text).toContain(position.owner)
    expect(text).toContain('Reused: the saved chain')
    expect(text).toContain(second.data.modelDatabase)
    expect(text).toContain('pnpm idx --data-dir data db inspect --model demo')
    expect(text).toMatch(/\n {2}report +\S*report\.html \(open it in a browser; it works offline\)\n/)
  })

  test('default: the job writes its HTML report, self-contained, with the candles of every traded token', () => {
    expect(second.data.report).toBe(first.data.report)
    const html = readFileSync(second.data.report, 'utf8')
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i)
    const data = JSON.parse(
      html.match(/<script type="application\/json" id="report-data">(.*?)<\/script>/s)![1]!,
    )
    expect(data.model).toBe('demo')
    expect(data.tokens.map((section: { token: { symbol: string } }) => section.token.symbol)).toContain(
      'BLUB',
    )
    // Its BLUB periods hold every buy and sell (which the tests above check against the chain).
    const blub = data.tokens.find((section: { token: { symbol: string } }) => section.token.symbol === 'BLUB')
    const trades = blub.periods.reduce(
      (sum: number, period: { tradeCount: number }) => sum + period.tradeCount,
      0,
    )
    expect(trades).toBe(second.tradeKinds.buys + second.tradeKinds.sells)
    expect(formatSummary(first, { cwd: work })).toContain('Reused: nothing')
  })

  test('error: a wrong option is a sentence and a failed exit', async () => {
    const run = await runIn(work, 'pnpm', ['--silent', 'main-job', '--blocks', 'many'], {
      IDX_DATA_DIR: dataDir,
    })
    expect(run.code).not.toBe(0) // the job exits 2; pnpm reports any failure as 1
    expect(run.stderr).toContain(
      'Error: --blocks must be a whole number of blocks from 1 to 100000, got "many".',
    )
    expect(run.stdout).toBe('')
  })
})

/** A decimal string as an integer of 10^-scale units (exact; no float on the way). */
function toScaled(text: string, scale: number): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text)
  if (match === null) throw new Error(`"${text}" is not a decimal number.`)
  const [, sign, whole, fraction = ''] = match
  if (fraction.length > scale) throw new Error(`"${text}" has more than ${scale} decimals.`)
  const value = BigInt(whole! + fraction.padEnd(scale, '0'))
  return sign === '-' ? -value : value
}

const distance = (a: bigint, b: bigint) => (a > b ? a - b : b - a)
const sorted = (values: readonly bigint[]) => [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
