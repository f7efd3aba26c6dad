import { spawn } from 'node:child_process'
import { anvilBinaryPath } from './anvilBinaryPath'
import { AnvilStartError } from './errors'
import { createOutputTail, onLines, stopWatchdog, type WatchdogChild } from './watchdog'

/** The chain id of Avalanche C-Chain, anvil's default here. */
export const AVALANCHE_CHAIN_ID = 43114

/** 2025-01-01T00:00:00Z: the default genesis timestamp, so that a chain is reproducible block hash for block hash. */
export const DEFAULT_GENESIS_TIMESTAMP = 1_735_689_600n

export type StartAnvilParameters = {
  /** Chain id (default 43114, Avalanche C-Chain). */
  chainId?: number | undefined
  /**
   * Interval mining: mine a block every `blockTime` seconds (anvil `--block-time`).
   * Default: none — automine, one block per transaction (see `inOneBlock` to put
   * several transactions into one block).
   */
  blockTime?: number | undefined
  /** Timestamp of the genesis block (default 2025-01-01T00:00:00Z). */
  genesisTimestamp?: bigint | number | undefined
  /**
   * Seconds between the timestamps of consecutive blocks, whatever the wall clock says
   * (default 2, about Avalanche's block time). This, with the fixed genesis timestamp,
   * makes the same transactions produce the same block hashes on every run.
   * `null` lets anvil use the wall clock.
   */
  timestampInterval?: number | null | undefined
  /** Number of the genesis block (default 0). */
  genesisBlockNumber?: bigint | number | undefined
  /** Funded dev accounts (default 10, each with 10,000 AVAX). */
  accounts?: number | undefined
  /**
   * Order of pending transactions in a mined block: `fifo` (default — the order they were
   * sent, so a block's content is reproducible) or `fees`.
   */
  order?: 'fifo' | 'fees' | undefined
  /** Further anvil arguments, passed as they are. */
  args?: readonly string[] | undefined
  /** How long to wait for anvil to answer JSON-RPC (default 20 s). */
  startTimeoutMs?: number | undefined
}

export type Anvil = {
  /** `http://127.0.0.1:<port>` */
  rpcUrl: string
  port: number
  chainId: number
  /** Process id of anvil itself. */
  pid: number
  /** Stops anvil and waits until it has exited. Idempotent. */
  stop(): Promise<void>
}

// anvil runs under a small sh watchdog that stops it when our end of the watchdog's
// stdin closes — on `stop()`, and also when this process dies without cleaning up
// (even by SIGKILL), so a crashed or killed test never leaves an anvil behind. The
// watchdog exits with anvil's status when anvil exits by itself.
const watchdog = [
  'exec 3<&0',
  '"$0" "$@" </dev/null &',
  'pid=$!',
  'echo "testkit-anvil-pid $pid"',
  '{ while read -r _; do :; done; kill -TERM "$pid" 2>/dev/null; } <&3 &',
  'watcher=$!',
  'exec 3<&-',
  'wait "$pid"',
  'status=$?',
  'kill "$watcher" 2>/dev/null',
  'exit "$status"',
].join('\n')

/**
 * Starts anvil (from the npm package `@foundry-rs/anvil`) on a free port of 127.0.0.1,
 * waits until it answers JSON-RPC, and returns its URL and a `stop()`.
 *
 * Defaults make a reproducible Avalanche-like chain: chain id 43114, a fixed genesis
 * timestamp, 2 s between block timestamps, transactions mined in the order sent.
 *
 * @example
 * ```ts
 * const anvil = await startAnvil()
 * try {
 *   const client = createTestkitClient({ rpcUrl: anvil.rpcUrl })
 *   // …
 * } finally {
 *   await anvil.stop()
 * }
 * ```
 */
export async function startAnvil(parameters: StartAnvilParameters = {}): Promise<Anvil> {
  const chainId = parameters.chainId ?? AVALANCHE_CHAIN_ID
  const timestampInterval = parameters.timestampInterval === undefined ? 2 : parameters.timestampInterval
  const args = [
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--chain-id',
    String(chainId),
    '--timestamp',
    String(parameters.genesisTimestamp ?? DEFAULT_GENESIS_TIMESTAMP),
    '--order',
    parameters.order ?? 'fifo',
    '--accounts',
    String(parameters.accounts ?? 10),
  ]
  if (parameters.genesisBlockNumber !== undefined)
    args.push('--number', String(parameters.genesisBlockNumber))
  if (parameters.blockTime !== undefined) args.push('--block-time', String(parameters.blockTime))
  args.push(...(parameters.args ?? []))

  const child: WatchdogChild = spawn('/bin/sh', ['-c', watchdog, anvilBinaryPath(), ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const output = createOutputTail()
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const started: { pid?: number } = {}
  let stopping: Promise<void> | undefined
  const stop = () => {
    // The watchdog sends SIGTERM to anvil, waits for it and exits.
    stopping ??= stopWatchdog(child, exited, { pid: started.pid, timeoutMs: 5_000 })
    return stopping
  }

  try {
    const { pid, port } = await waitForListening(child, output, exited, parameters.startTimeoutMs ?? 20_000)
    started.pid = pid
    const rpcUrl = `http://127.0.0.1:${port}`
    await rpc(rpcUrl, 'eth_chainId', [])
    if (timestampInterval !== null) await rpc(rpcUrl, 'anvil_setBlockTimestampInterval', [timestampInterval])
    return { rpcUrl, port, chainId, pid, stop }
  } catch (error) {
    await stop()
    if (error instanceof AnvilStartError) throw error
    throw new AnvilStartError(error instanceof Error ? error.message : String(error), output.text())
  }
}

function waitForListening(
  child: WatchdogChild,
  output: ReturnType<typeof createOutputTail>,
  exited: Promise<number | null>,
  timeoutMs: number,
): Promise<{ pid: number; port: number }> {
  return new Promise((resolve, reject) => {
    let pid: number | undefined
    const onLine = (line: string) => {
      output.push(line)
      const pidMatch = /^testkit-anvil-pid (\d+)$/.exec(line)
      if (pidMatch) pid = Number(pidMatch[1])
      const listening = /^Listening on [\d.]+:(\d+)/.exec(line)
      if (listening && pid !== undefined) {
        clearTimeout(timer)
        resolve({ pid, port: Number(listening[1]) })
      }
    }
    // Keep draining anvil's output for as long as it runs (it logs every request and
    // every mined transaction), keeping a short tail.
    onLines(child.stdout, onLine)
    onLines(child.stderr, onLine)
    const timer = setTimeout(
      () => reject(new AnvilStartError(`it did not listen within ${timeoutMs} ms`, output.text())),
      timeoutMs,
    )
    exited.then((code) => {
      clearTimeout(timer)
      reject(new AnvilStartError(`it exited with code ${code} before listening`, output.text()))
    })
  })
}

async function rpc(rpcUrl: string, method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = (await response.json()) as { result?: unknown; error?: { message: string } }
  if (body.error) throw new Error(`${method} failed: ${body.error.message}`)
  return body.result
}
