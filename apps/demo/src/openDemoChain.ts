import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'
import {
  type Anvil,
  createTestkitClient,
  deployMarket,
  type GenerateActivityReturnType,
  generateActivity,
  type Market,
  startAnvil,
  type TestkitClient,
} from '@idx/testkit'
import type { Hash } from 'viem'
import { DemoChainError } from './errors'

/** Bumped whenever the chain the demo makes changes shape (a saved chain of another version is made again). */
export const DEMO_CHAIN_VERSION = 3

/** Share of the demo's trades sent through the split router as an aggregator would (split, hop, cycle, two wallets). */
export const DEMO_SPLIT_SHARE = 0.25

/** Share of the demo's single swaps sent to the BLUB/WAVAX concentrated-liquidity (Uniswap V3) pool. */
export const DEMO_CL_SHARE = 0.2

/** What the saved chain is: written beside its state, read back to reuse it. */
export type DemoChainInfo = {
  version: number
  chainId: number
  market: Market
  activity: {
    /** Blocks of trading asked for. */
    blocks: number
    seed: number
    swapsPerBlock: number
    fromBlock: bigint
    toBlock: bigint
    counts: GenerateActivityReturnType['counts']
  }
  /** The chain's last block when it was saved. */
  head: { number: bigint; hash: Hash }
  createdAt: string
}

export type OpenDemoChainParameters = {
  /** The folder holding the saved chain (`chain.json`, `chain-state.json.gz`). */
  dir: string
  /** Blocks of trading. */
  blocks: number
  /** Seed of the activity (default 1). */
  seed?: number | undefined
  /** Pool swaps per block (default 8). */
  swapsPerBlock?: number | undefined
  /** Progress lines. */
  log?: ((line: string) => void) | undefined
}

export type DemoChain = {
  anvil: Anvil
  client: TestkitClient
  info: DemoChainInfo
  /** True when the saved chain was loaded; false when it was made now. */
  reused: boolean
  /** Why a saved chain was not reused (undefined when it was, or when there was none). */
  notReusedBecause: string | undefined
  files: { info: string; state: string }
  durationMs: number
  stop: () => Promise<void>
}

/** The files of a saved demo chain in `dir`. */
export function demoChainFiles(dir: string) {
  return { info: path.join(dir, 'chain.json'), state: path.join(dir, 'chain-state.json.gz') }
}

/**
 * The demo's chain: the one saved in `dir` when it exists, was made with the
 * same parameters and reloads consistently (same head block, same hash, the
 * market's contracts in place); otherwise a new one — anvil started afresh,
 * the testkit market deployed, `blocks` blocks of reproducible trading mined —
 * saved there (anvil's own state dump, gzipped) before it is used.
 *
 * @example
 * ```ts
 * const chain = await openDemoChain({ dir: '.idx/demo', blocks: 300 })
 * chain.anvil.rpcUrl // the node, until chain.stop()
 * ```
 */
export async function openDemoChain(parameters: OpenDemoChainParameters): Promise<DemoChain> {
  const started = performance.now()
  const log = parameters.log ?? (() => {})
  const files = demoChainFiles(parameters.dir)
  const wanted = {
    blocks: parameters.blocks,
    seed: parameters.seed ?? 1,
    swapsPerBlock: parameters.swapsPerBlock ?? 8,
  }

  let notReusedBecause: string | undefined
  const saved = readSavedChain(files)
  if (saved.kind === 'unusable') notReusedBecause = saved.reason
  if (saved.kind === 'found') {
    const { info } = saved
    const differs =
      info.version !== DEMO_CHAIN_VERSION
        ? `it was made by another version of the main job (${info.version}, this one makes ${DEMO_CHAIN_VERSION})`
        : info.activity.blocks !== wanted.blocks
          ? `it has ${info.activity.blocks} blocks of trading and ${wanted.blocks} were asked for`
          : info.activity.seed !== wanted.seed || info.activity.swapsPerBlock !== wanted.swapsPerBlock
            ? `it was made with seed ${info.activity.seed} and ${info.activity.swapsPerBlock} swaps a block`
            : undefined
    if (differs !== undefined) notReusedBecause = differs
    else {
      log(`Reloading the saved chain (${path.basename(files.state)}, blocks ${formatRange(info)}).`)
      const reloaded = await reloadChain(files.state, info)
      if (reloaded.kind === 'ok') {
        return {
          ...reloaded,
          info,
          reused: true,
          notReusedBecause: undefined,
          files,
          durationMs: performance.now() - started,
        }
      }
      notReusedBecause = reloaded.reason
    }
  }

  if (notReusedBecause !== undefined) log(`Not reusing the saved chain: ${notReusedBecause}.`)
  const made = await makeChain(files, wanted, log)
  return { ...made, reused: false, notReusedBecause, files, durationMs: performance.now() - started }
}

function formatRange(info: DemoChainInfo): string {
  return `${info.market.blocks.first}–${info.head.number}`
}

type SavedChain =
  | { kind: 'none' }
  | { kind: 'unusable'; reason: string }
  | { kind: 'found'; info: DemoChainInfo }

function readSavedChain(files: { info: string; state: string }): SavedChain {
  if (!existsSync(files.info)) return { kind: 'none' }
  if (!existsSync(files.state))
    return { kind: 'unusable', reason: `its state file "${files.state}" is missing` }
  try {
    return { kind: 'found', info: parseChainInfo(readFileSync(files.info, 'utf8')) }
  } catch (error) {
    return {
      kind: 'unusable',
      reason: `"${files.info}" could not be read (${error instanceof Error ? error.message : String(error)})`,
    }
  }
}

/** Starts anvil on the saved state and checks that it is the chain `info` describes. */
async function reloadChain(
  stateFile: string,
  info: DemoChainInfo,
): Promise<
  ({ kind: 'ok' } & Pick<DemoChain, 'anvil' | 'client' | 'stop'>) | { kind: 'failed'; reason: string }
> {
  // anvil reads a plain JSON state; the saved one is gzipped (as anvil_dumpState returns it).
  const scratch = mkdtempSync(path.join(tmpdir(), 'idx-demo-state-'))
  let anvil: Anvil | undefined
  try {
    const plain = path.join(scratch, 'state.json')
    writeFileSync(plain, gunzipSync(readFileSync(stateFile)))
    anvil = await startAnvil({ chainId: info.chainId, args: ['--load-state', plain] })
    const client = createTestkitClient({ rpcUrl: anvil.rpcUrl, chainId: info.chainId })
    const head = await client.getBlock()
    const problem =
      head.number !== info.head.number
        ? `its head is block ${head.number}, not block ${info.head.number}`
        : head.hash !== info.head.hash
          ? `block ${head.number}'s hash is ${head.hash}, not ${info.head.hash}`
          : (await client.getCode({ address: info.market.pairs.blubWavax.address })) === undefined
            ? `the BLUB/WAVAX pair ${info.market.pairs.blubWavax.address} has no code`
            : undefined
    if (problem !== undefined) {
      await anvil.stop()
      return { kind: 'failed', reason: `it did not reload consistently: ${problem}` }
    }
    const running = anvil
    return { kind: 'ok', anvil: running, client, stop: () => running.stop() }
  } catch (error) {
    await anvil?.stop()
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error)
    return { kind: 'failed', reason: `it could not be reloaded (${reason.replace(/\.$/, '')})` }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

/** A new chain: anvil, the market, `blocks` blocks of trading; saved before it is returned. */
async function makeChain(
  files: { info: string; state: string },
  wanted: { blocks: number; seed: number; swapsPerBlock: number },
  log: (line: string) => void,
): Promise<Pick<DemoChain, 'anvil' | 'client' | 'stop' | 'info'>> {
  log('Starting a local anvil node (chain id 43114).')
  const anvil = await startAnvil()
  try {
    const client = createTestkitClient({ rpcUrl: anvil.rpcUrl })
    log(
      'Deploying BLUB, WAVAX, USDC, a Uniswap V2 factory with BLUB/WAVAX and WAVAX/USDC, a second BLUB/WAVAX pool, an aggregator-style router, an AVAX/USD feed, a BLUB/WAVAX Uniswap V3 pool with positions (and a Solidly pair).',
    )
    const market = await deployMarket(client, { splitRouter: true, concentratedLiquidity: true })
    log(
      `Trading on it for ${wanted.blocks} blocks (${wanted.swapsPerBlock} swaps a block, seed ${wanted.seed}).`,
    )
    const every = Math.max(1, Math.round(wanted.blocks / 4))
    let mined = 0
    const activity = await generateActivity(client, {
      market,
      blocks: wanted.blocks,
      swapsPerBlock: wanted.swapsPerBlock,
      seed: wanted.seed,
      splitShare: DEMO_SPLIT_SHARE,
      clShare: DEMO_CL_SHARE,
      onBlock: () => {
        mined += 1
        if (mined % every === 0 && mined < wanted.blocks) log(`  ${mined} of ${wanted.blocks} blocks mined.`)
      },
    })
    const head = await client.getBlock()
    const info: DemoChainInfo = {
      version: DEMO_CHAIN_VERSION,
      chainId: anvil.chainId,
      market,
      activity: {
        ...wanted,
        fromBlock: activity.fromBlock,
        toBlock: activity.toBlock,
        counts: activity.counts,
      },
      head: { number: head.number, hash: head.hash },
      createdAt: new Date().toISOString(),
    }
    await saveChain(client, files, info)
    log(`Saved the chain (blocks ${formatRange(info)}) to ${files.state}.`)
    return { anvil, client, info, stop: () => anvil.stop() }
  } catch (error) {
    await anvil.stop()
    throw error
  }
}

/** Writes anvil's state dump (gzipped JSON, as anvil_dumpState returns it), then the description. */
async function saveChain(
  client: TestkitClient,
  files: { info: string; state: string },
  info: DemoChainInfo,
): Promise<void> {
  const dump = (await client.request({ method: 'anvil_dumpState' } as never)) as string
  if (typeof dump !== 'string' || !dump.startsWith('0x'))
    throw new DemoChainError('anvil did not return its state when asked to dump it (anvil_dumpState).')
  mkdirSync(path.dirname(files.state), { recursive: true })
  // The description goes last: a state without one is never taken for a saved chain.
  rmSync(files.info, { force: true })
  writeAtomically(files.state, Buffer.from(dump.slice(2), 'hex'))
  writeAtomically(
    files.info,
    `${JSON.stringify(info, (_key, value) => (typeof value === 'bigint' ? value.toString() : value), 2)}\n`,
  )
}

function writeAtomically(file: string, content: string | Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`
  writeFileSync(temporary, content)
  renameSync(temporary, file)
}

/** Reads `chain.json` back, with its block numbers as bigints; throws on anything unexpected. */
export function parseChainInfo(text: string): DemoChainInfo {
  const raw = JSON.parse(text) as DemoChainInfo & Record<string, unknown>
  const big = (value: unknown, what: string): bigint => {
    if (typeof value !== 'string' || !/^\d+$/.test(value)) throw new Error(`${what} is not a block number`)
    return BigInt(value)
  }
  if (typeof raw.version !== 'number' || raw.market === undefined || raw.activity === undefined)
    throw new Error('it is not a description of a demo chain')
  return {
    ...raw,
    market: {
      ...raw.market,
      blocks: {
        first: big(raw.market.blocks?.first, 'market.blocks.first'),
        last: big(raw.market.blocks?.last, 'market.blocks.last'),
      },
      // The CL scenario's bigints (token ids, amounts, fees, block numbers) were written as digit strings.
      ...(raw.market.cl === undefined ? {} : { cl: reviveBigints(raw.market.cl) }),
    },
    activity: {
      ...raw.activity,
      fromBlock: big(raw.activity.fromBlock, 'activity.fromBlock'),
      toBlock: big(raw.activity.toBlock, 'activity.toBlock'),
    },
    head: { number: big(raw.head?.number, 'head.number'), hash: raw.head?.hash },
  }
}

/** A value read back from JSON with its digit strings (bigints written by `saveChain`) as bigints again. */
function reviveBigints<T>(value: T): T {
  if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value) as T
  if (Array.isArray(value)) return value.map(reviveBigints) as T
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, reviveBigints(entry)])) as T
  return value
}
