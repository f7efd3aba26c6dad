import { expect, test } from 'vitest'
import { HELP, parseMainJobArguments, run } from './run'
import { DEFAULT_DEMO_BLOCKS } from './runMainJob'

function capture() {
  let stdout = ''
  let stderr = ''
  return {
    io: {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      env: {},
    },
    out: () => stdout,
    err: () => stderr,
  }
}

test('default: no arguments', () => {
  expect(parseMainJobArguments([])).toEqual({
    blocks: DEFAULT_DEMO_BLOCKS,
    json: false,
    dataDir: undefined,
    verbose: false,
    help: false,
  })
})

test('args: --blocks, --json and --data-dir, after the `--` pnpm passes', () => {
  expect(parseMainJobArguments(['--', '--blocks', '1_000', '--json', '--data-dir', '/tmp/x'])).toMatchObject({
    blocks: 1000,
    json: true,
    dataDir: '/tmp/x',
  })
})

test('args: --help prints the usage and exits 0', async () => {
  const { io, out } = capture()
  expect(await run(['--', '--help'], io)).toBe(0)
  expect(out()).toBe(`${HELP}\n`)
})

test('error: wrong options are sentences and exit 2', async () => {
  for (const [argv, message] of [
    [['--blocks', '0'], 'Error: --blocks must be a whole number of blocks from 1 to 100000, got "0".'],
    [['--blocks', '2.5'], 'Error: --blocks must be a whole number of blocks from 1 to 100000, got "2.5".'],
    [['--data-dir', ' '], 'Error: --data-dir needs a directory, got an empty value.'],
    [['--seed', '3'], "Error: The main job does not accept this: Unknown option '--seed'."],
    [['blocks'], 'Error: The main job does not accept this: Unexpected argument'],
  ] as const) {
    const { io, out, err } = capture()
    expect(await run(argv, io)).toBe(2)
    expect(err()).toContain(message)
    expect(err()).toContain('Run `pnpm main-job --help` for the options.')
    expect(out()).toBe('')
  }
})
