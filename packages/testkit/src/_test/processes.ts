// Helpers for the tests of the PostgreSQL a test run uses: child processes, and what a
// server (or a process, or a folder) looks like from outside.
import {
  type ChildProcess,
  type ChildProcessWithoutNullStreams,
  type SpawnOptions,
  spawn,
} from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { type AddressInfo, createServer } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'

/** The repository's root folder. */
export const repositoryRoot = fileURLToPath(new URL('../../../..', import.meta.url))

/**
 * Whether every folder from `dir` up to `/` lets other accounts through (o+x): a child
 * process run as another account (`nobody`) can then read what is inside.
 */
export function othersCanReach(dir: string): boolean {
  for (let current = dir; ; current = path.dirname(current)) {
    if ((statSync(current).mode & 0o001) === 0) return false
    if (path.dirname(current) === current) return true
  }
}

/** True while a process with this id exists. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists, but belongs to another account.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Polls `condition` until it holds or `timeoutMs` passes; resolves with its last value. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await condition()) return true
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return condition()
}

/** Whether a PostgreSQL server at `url` accepts a connection and answers a query. */
export async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 })
  client.on('error', () => {})
  try {
    await client.connect()
    await client.query('select 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

/** A port of 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** The uid and gid of an account in /etc/passwd. */
export function account(name: string): { uid: number; gid: number } | undefined {
  for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const [user, , uid, gid] = line.split(':')
    if (user === name) return { uid: Number(uid), gid: Number(gid) }
  }
  return undefined
}

/** The real uid of a running process (from /proc). */
export function processUid(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('Uid:'))
  return Number(line?.split(/\s+/)[1])
}

/**
 * This test run's environment without what it hands its tests (`IDX_TEST_DATABASE_URL`,
 * `IDX_TEST_DATABASE_ANNOUNCED`, `IDX_TEST_POSTGRES`): a child started with it finds its
 * server by itself.
 */
export function freshEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !key.startsWith('IDX_TEST_') && !key.startsWith('VITEST')) env[key] = value
  return { ...env, ...extra }
}

/** Runs a TypeScript file of this repository with Node (through tsx, workspace sources). */
export function spawnTs(
  file: string,
  args: readonly string[],
  options: SpawnOptions,
): ChildProcessWithoutNullStreams {
  const tsx = createRequire(`${repositoryRoot}/`).resolve('tsx')
  return spawn(process.execPath, ['--conditions=@idx/source', '--import', tsx, file, ...args], {
    stdio: 'pipe',
    ...options,
  }) as ChildProcessWithoutNullStreams
}

/** Collects a child's output; `exited` resolves with its exit code (or 128 + signal) and everything it wrote. */
export function collect(child: ChildProcess) {
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>(
    (resolve) => child.once('close', (code, signal) => resolve({ code, signal, output })),
  )
  return { output: () => output, exited }
}
