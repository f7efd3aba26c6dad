import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, test } from 'vitest'
import { runCli } from './_test/cli'

// `idx` the way a user runs it: `pnpm idx …` at the workspace root (the
// root's node_modules/.bin/idx, which pnpm runs without a script line of its
// own), `pnpm exec idx …`, and the bin itself. Each answer is compared with
// the program's own output for the same arguments, run in-process.
const root = fileURLToPath(new URL('../../../', import.meta.url))
const launcher = fileURLToPath(new URL('../bin/idx.js', import.meta.url))
const work = mkdtempSync(path.join(tmpdir(), 'idx-command-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const env = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' }
const spawn = (command: string, args: string[], extraEnv: Record<string, string> = {}) => {
  const result = spawnSync(command, args, { cwd: root, env: { ...env, ...extraEnv }, encoding: 'utf8' })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('pnpm idx', () => {
  test.each([
    [['--help']],
    [['--version']],
    [['-V']],
    [['process', '--help']],
    [['process', 'range', '--help']],
  ])('behavior: pnpm idx %j prints exactly what idx prints', async (argv) => {
    const expected = await runCli(argv, { NO_COLOR: '1' })
    expect(spawn('pnpm', ['idx', ...argv])).toEqual({ code: 0, stdout: expected.stdout, stderr: '' })
  })

  test('error: a usage error gets idx exit code 2 and idx message alone', async () => {
    const expected = await runCli(['nonsense'], {})
    expect(expected.code).toBe(2)
    expect(spawn('pnpm', ['idx', 'nonsense'])).toEqual({ code: 2, stdout: '', stderr: expected.stderr })
  })

  test('error: a failing command gets exit code 1, with nothing from pnpm around the error', () => {
    const result = spawn('pnpm', ['idx', 'config', 'validate', 'no-such-file.yaml'])
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('no-such-file.yaml')
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/ELIFECYCLE|ERR_PNPM|^\$ /m)
  })

  test('behavior: pnpm exec idx works the same', async () => {
    const expected = await runCli(['--help'], { NO_COLOR: '1' })
    expect(spawn('pnpm', ['exec', 'idx', '--help'])).toEqual({ code: 0, stdout: expected.stdout, stderr: '' })
  })
})

describe('startup', () => {
  test.each([[['--version']], [['--help']], [['process', 'range', '--help']]])(
    'behavior: idx %j loads neither Prisma, viem nor a database package',
    (argv) => {
      const file = path.join(work, `imports-${argv.join('-')}.txt`)
      const preload = fileURLToPath(new URL('./_test/recordImports.mjs', import.meta.url))
      const result = spawnSync(process.execPath, ['--import', preload, launcher, ...argv], {
        cwd: root,
        env: { ...env, IDX_TEST_IMPORTS: file },
        encoding: 'utf8',
      })
      expect(result.status, result.stderr).toBe(0)
      const loaded = readFileSync(file, 'utf8').split('\n')
      expect(loaded.some((url) => url.includes('commander'))).toBe(true) // the recorder saw the program load
      expect(
        loaded.filter((url) =>
          /@prisma|\/viem\/|\/(shared-db|model-db|pipeline|database|pricing)\//.test(url),
        ),
      ).toEqual([])
    },
  )

  test('behavior: a command that runs loads its module (the recorder sees Prisma)', () => {
    const file = path.join(work, 'imports-validate.txt')
    const preload = fileURLToPath(new URL('./_test/recordImports.mjs', import.meta.url))
    spawnSync(process.execPath, ['--import', preload, launcher, 'migrate', 'status'], {
      cwd: work,
      env: { ...env, IDX_TEST_IMPORTS: file, IDX_DATA_DIR: path.join(work, 'data') },
      encoding: 'utf8',
    })
    expect(readFileSync(file, 'utf8')).toMatch(/@prisma/)
  })
})
