import { spawn } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { readSettings } from '@idx/config'
import { afterEach, describe, expect, test } from 'vitest'
import type { ProbeRecord } from './_test/postgresRun/probe'
import {
  account,
  answers,
  collect,
  freshEnv,
  othersCanReach,
  repositoryRoot,
  waitUntil,
} from './_test/processes'

// A package's own `vitest run` in miniature (src/_test/postgresRun: the shared vitest
// settings, two probe files recording the server they were handed), run in a child process.
const suite = fileURLToPath(new URL('./_test/postgresRun', import.meta.url))
const vitest = path.join(
  path.dirname(createRequire(`${repositoryRoot}/`).resolve('vitest/package.json')),
  'vitest.mjs',
)
const isRoot = process.getuid?.() === 0

const outputs: string[] = []
afterEach(() => {
  for (const dir of outputs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function runSuite(env: Record<string, string>, options: { uid?: number; gid?: number } = {}) {
  const out = mkdtempSync(path.join(tmpdir(), 'idx-probes-'))
  chmodSync(out, 0o777) // the probes may run as another account
  outputs.push(out)
  // Its own process group, signalled as a whole, as a terminal's Ctrl-C signals a run.
  const child = spawn(process.execPath, [vitest, 'run', '--configLoader', 'runner'], {
    cwd: suite,
    env: { ...env, PROBE_OUT: out },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
  })
  const records = () =>
    readdirSync(out).map((file) => JSON.parse(readFileSync(path.join(out, file), 'utf8')) as ProbeRecord)
  return { child, records, ...collect(child) }
}

const summaries = (output: string) =>
  output.split('\n').filter((line) => line.startsWith('Tests use PostgreSQL'))

describe('testPostgresGlobalSetup', () => {
  test("behavior: a package's run started alone starts one server for all its files, says so once, and stops it although tests failed", async () => {
    const run = runSuite(freshEnv({ IDX_TEST_POSTGRES: 'embedded', PROBE_MODE: 'fail' }))
    const { code, output } = await run.exited
    expect(code, output).toBe(1)
    expect(output).toContain('This probe fails on purpose.')
    expect(summaries(output)).toHaveLength(1)
    const records = run.records()
    expect(records).toHaveLength(2)
    const [first, second] = records
    expect(second!.url).toBe(first!.url)
    expect(first!.version).toMatch(/^18\./)
    expect(summaries(output)[0]).toContain(`on ${new URL(first!.url).host} as `)
    // As root the server ran as nobody (PostgreSQL refuses root), else as the test's own account.
    expect(first!.dataOwnerUid).toBe(isRoot ? account('nobody')!.uid : first!.testUid)
    expect(await answers(first!.url)).toBe(false)
    expect(existsSync(first!.dataDirectory)).toBe(false)
  })

  test.each(['SIGINT', 'SIGTERM'] as const)(
    'behavior: a run interrupted by %s does not leave its server behind',
    async (signal) => {
      const run = runSuite(freshEnv({ IDX_TEST_POSTGRES: 'embedded', PROBE_MODE: 'hang' }))
      expect(await waitUntil(() => run.records().length > 0, 60_000), run.output()).toBe(true)
      const [record] = run.records()
      expect(await answers(record!.url)).toBe(true)
      process.kill(-run.child.pid!, signal)
      const { code } = await run.exited
      expect(code).not.toBe(0)
      expect(await waitUntil(async () => !(await answers(record!.url)))).toBe(true)
      expect(await waitUntil(() => !existsSync(record!.dataDirectory))).toBe(true)
    },
  )

  test('behavior: a server handed down by the root run (IDX_TEST_DATABASE_URL, announced) is used, not said again, not stopped', async () => {
    // This very run's server, as the root `pnpm test` hands it to every package.
    const url = readSettings().env.IDX_TEST_DATABASE_URL!
    const run = runSuite(freshEnv({ IDX_TEST_DATABASE_URL: url, IDX_TEST_DATABASE_ANNOUNCED: '1' }))
    const { code, output } = await run.exited
    expect(code, output).toBe(0)
    expect(summaries(output)).toEqual([])
    expect(run.records().map((record) => record.url)).toEqual([url, url])
    expect(await answers(url)).toBe(true)
  })

  // The child run reads this repository as nobody: skipped (and named so) where the checkout
  // is private to root, e.g. under /root.
  test.runIf(isRoot && othersCanReach(repositoryRoot))(
    'behavior: run by an ordinary user (here nobody, when the checkout is readable by others), the tests start and use their own server',
    async () => {
      const nobody = account('nobody')!
      const home = mkdtempSync(path.join(tmpdir(), 'idx-nobody-'))
      chownSync(home, nobody.uid, nobody.gid)
      outputs.push(home)
      const run = runSuite(freshEnv({ HOME: home, IDX_TEST_POSTGRES: 'embedded' }), nobody)
      const { code, output } = await run.exited
      expect(code, output).toBe(0)
      expect(summaries(output)[0]).toContain(' as nobody in ')
      for (const record of run.records())
        expect(record).toMatchObject({ testUid: nobody.uid, dataOwnerUid: nobody.uid })
      expect(run.records()).toHaveLength(2)
    },
  )
})
