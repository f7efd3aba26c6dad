import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { describe, expect, test, vi } from 'vitest'
import {
  account,
  answers,
  collect,
  freshEnv,
  isRunning,
  othersCanReach,
  processUid,
  repositoryRoot,
  spawnTs,
  waitUntil,
} from './_test/processes'
import { PostgresAccountNotFoundError, PostgresStartError } from './errors'
import { startPostgres } from './startPostgres'

const isRoot = process.getuid?.() === 0
const child = fileURLToPath(new URL('./_test/postgresChild.ts', import.meta.url))

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(sql)).rows
  } finally {
    await client.end()
  }
}

describe('startPostgres', () => {
  test('default: PostgreSQL 18 from npm on a free port of 127.0.0.1, trust auth; stop() stops it and removes its folder', async () => {
    const postgres = await startPostgres()
    try {
      expect(postgres.url).toBe(`postgresql://postgres@127.0.0.1:${postgres.port}/postgres`)
      expect(postgres.port).not.toBe(5432)
      expect(postgres.version).toMatch(/^18\.\d+$/)
      const [row] = await query<{ version: string; data: string; collation: string; user: string }>(
        postgres.url,
        `select current_setting('server_version') as version, current_setting('data_directory') as data,
                datcollate as collation, current_user as user
           from pg_database where datname = 'postgres'`,
      )
      expect(row).toEqual({
        version: postgres.version,
        data: path.join(postgres.directory, 'data'),
        collation: 'C',
        user: 'postgres',
      })
      expect(path.dirname(postgres.directory)).toBe(tmpdir())
      // PostgreSQL refuses root: as root it runs as `nobody`; otherwise as this user.
      const expectedUid = isRoot ? account('nobody')!.uid : process.getuid!()
      expect(processUid(postgres.pid)).toBe(expectedUid)
      expect(statSync(path.join(postgres.directory, 'data')).uid).toBe(expectedUid)
      expect(postgres.account).toBe(isRoot ? 'nobody' : expect.any(String))
      // A database of its own, created and dropped as the tests do.
      await query(postgres.url, 'create database idx_probe')
      await query(postgres.url.replace(/\/postgres$/, '/idx_probe'), 'create table t (id int primary key)')
      await query(postgres.url, 'drop database idx_probe with (force)')
    } finally {
      await postgres.stop()
    }
    expect(isRunning(postgres.pid)).toBe(false)
    expect(existsSync(postgres.directory)).toBe(false)
    expect(await answers(postgres.url)).toBe(false)
    await postgres.stop() // idempotent
  })

  test('behavior: several servers run side by side, each with its own data', async () => {
    const [a, b] = await Promise.all([startPostgres(), startPostgres()])
    try {
      expect(a.port).not.toBe(b.port)
      expect(a.directory).not.toBe(b.directory)
      await query(a.url, 'create database only_on_a')
      const names = async (url: string) =>
        (await query<{ datname: string }>(url, 'select datname from pg_database')).map((row) => row.datname)
      expect(await names(a.url)).toContain('only_on_a')
      expect(await names(b.url)).not.toContain('only_on_a')
    } finally {
      await Promise.all([a.stop(), b.stop()])
    }
  })

  test('args: settings are passed to the server', async () => {
    const postgres = await startPostgres({ settings: { max_connections: 37 } })
    try {
      const [row] = await query<{ max: string }>(
        postgres.url,
        "select current_setting('max_connections') as max",
      )
      expect(row!.max).toBe('37')
    } finally {
      await postgres.stop()
    }
  })

  test('behavior: the server does not outlive a process killed with SIGKILL, and its folder goes with it', async () => {
    const started = spawnTs(child, [], { env: freshEnv() })
    const { output } = collect(started)
    expect(await waitUntil(() => output().includes('\n'), 60_000)).toBe(true)
    const { pid, url, directory } = JSON.parse(output().split('\n')[0]!) as {
      pid: number
      url: string
      directory: string
    }
    expect(await answers(url)).toBe(true)
    started.kill('SIGKILL')
    expect(await waitUntil(() => !isRunning(pid))).toBe(true)
    expect(await waitUntil(() => !existsSync(directory))).toBe(true)
    expect(await answers(url)).toBe(false)
  })

  // The test process is root: the same code is run by a child process that is not. That child
  // reads this repository, so the test needs a checkout other accounts can reach (not one under
  // a private home such as /root); elsewhere it is skipped, and its name says why.
  test.runIf(isRoot && othersCanReach(repositoryRoot))(
    'behavior: as an ordinary user (run here as nobody, when the checkout is readable by others), the server runs as that user',
    async () => {
      const nobody = account('nobody')!
      const home = mkdtempSync(path.join(tmpdir(), 'idx-nobody-'))
      try {
        chownSync(home, nobody.uid, nobody.gid)
        const started = spawnTs(child, ['--stop'], {
          env: freshEnv({ HOME: home }),
          cwd: home,
          uid: nobody.uid,
          gid: nobody.gid,
        })
        const { code, output } = await collect(started).exited
        expect(code, output).toBe(0)
        const result = JSON.parse(output.split('\n')[0]!) as {
          uid: number
          account: string
          version: string
          directory: string
        }
        expect(result.uid).toBe(nobody.uid)
        expect(result.account).toBe('nobody')
        expect(result.version).toMatch(/^18\./)
        expect(existsSync(result.directory)).toBe(false)
      } finally {
        rmSync(home, { recursive: true, force: true })
      }
    },
  )

  test.runIf(isRoot)('error: as root, the account to run as does not exist', async () => {
    const error = await startPostgres({ runAs: 'no_such_account_idx' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PostgresAccountNotFoundError)
    expect((error as PostgresAccountNotFoundError).message).toMatchInlineSnapshot(`
      "PostgreSQL refuses to run as root, and the account "no_such_account_idx" it would run as instead is not in /etc/passwd.
      Pass \`runAs\` the name of an existing unprivileged account, or run the tests as an ordinary user."
    `)
  })

  test('error: the server refuses a setting; nothing is left behind', async () => {
    // A temporary folder of its own (os.tmpdir() follows TMPDIR), to see that it stays empty.
    const tmp = mkdtempSync(path.join(tmpdir(), 'idx-tmp-'))
    chmodSync(tmp, 0o755)
    vi.stubEnv('TMPDIR', tmp)
    const error = await startPostgres({ settings: { no_such_setting: 1 } })
      .catch((e: unknown) => e)
      .finally(() => vi.unstubAllEnvs())
    expect(readdirSync(tmp)).toEqual([])
    rmSync(tmp, { recursive: true })
    expect(error).toBeInstanceOf(PostgresStartError)
    expect((error as PostgresStartError).shortMessage).toMatchInlineSnapshot(
      `"The embedded PostgreSQL server could not be started: it exited with code 1 before it accepted connections."`,
    )
    expect((error as PostgresStartError).details.join('\n')).toContain('no_such_setting')
  })
})
