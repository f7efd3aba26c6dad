import { parseArgs } from 'node:util'
import { isIdxError, readSettings, redactSecrets } from '@idx/config'
import { withPgliteSession } from '@idx/database'
import { DemoArgumentError } from './errors'
import { formatSummary } from './formatSummary'
import { DEFAULT_DEMO_BLOCKS, runMainJob } from './runMainJob'

/** What the main job reads and writes: the process's streams in `bin.ts`. */
export type DemoIo = {
  stdout: { write: (text: string) => unknown; isTTY?: boolean | undefined }
  stderr: { write: (text: string) => unknown; isTTY?: boolean | undefined }
  env: Readonly<Record<string, string | undefined>>
  /** Aborted by Ctrl-C / SIGTERM: processing stops after the batch in progress. */
  signal?: AbortSignal | undefined
}

export const HELP = `Usage: pnpm main-job [--blocks N] [--json] [--data-dir DIR]

Runs idx end to end on this machine, with no server and no internet: starts a
local anvil node, deploys a BLUB/WAVAX/USDC market with an AVAX/USD feed,
trades on it for N blocks, writes the shared and model configuration that
describe it, migrates both databases (embedded PGlite), imports the
configuration, processes and prices every block, and prints a summary.

Running it again reuses what is there: the saved chain, the configuration,
the migrated databases and the blocks already processed.

Options:
  --blocks N        blocks of trading (default ${DEFAULT_DEMO_BLOCKS}); another number makes a new chain
  --json            print the summary as one JSON object on stdout
  --data-dir DIR    where the databases, files and chain go (else IDX_DATA_DIR, default .idx)
  --verbose         print the stack of an error
  -h, --help        print this help

Progress goes to stderr. Exit status: 0 when every block was processed, 1
otherwise, 2 for a wrong option, 130 when stopped by Ctrl-C (through
\`pnpm main-job\`, pnpm reports any failure as 1).`

/** Exit code of a run stopped by Ctrl-C or SIGTERM (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130

type Options = { blocks: number; json: boolean; dataDir: string | undefined; verbose: boolean; help: boolean }

/** Parses the main job's arguments; throws a {@link DemoArgumentError} on a wrong one. */
export function parseMainJobArguments(argv: readonly string[]): Options {
  let values: { blocks?: string; json?: boolean; 'data-dir'?: string; verbose?: boolean; help?: boolean }
  // `pnpm main-job …` hands the arguments over after a `--` (so that pnpm keeps its hands off `--help`).
  const args = argv[0] === '--' ? argv.slice(1) : [...argv]
  try {
    values = parseArgs({
      args,
      options: {
        blocks: { type: 'string' },
        json: { type: 'boolean' },
        'data-dir': { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw new DemoArgumentError(`The main job does not accept this: ${message.replace(/\.$/, '')}.`)
  }
  let blocks = DEFAULT_DEMO_BLOCKS
  if (values.blocks !== undefined) {
    const plain = values.blocks.replaceAll('_', '')
    if (!/^\d+$/.test(plain) || Number(plain) < 1 || Number(plain) > 100_000)
      throw new DemoArgumentError(
        `--blocks must be a whole number of blocks from 1 to 100000, got "${values.blocks}".`,
      )
    blocks = Number(plain)
  }
  if (values['data-dir'] !== undefined && values['data-dir'].trim() === '')
    throw new DemoArgumentError('--data-dir needs a directory, got an empty value.')
  return {
    blocks,
    json: values.json ?? false,
    dataDir: values['data-dir'],
    verbose: values.verbose ?? false,
    help: values.help ?? false,
  }
}

/**
 * Runs the main job with the given arguments and returns its exit code
 * (never calls `process.exit`).
 */
export async function run(argv: readonly string[], io: DemoIo): Promise<number> {
  let options: Options
  try {
    options = parseMainJobArguments(argv)
  } catch (error) {
    io.stderr.write(formatError(error, false))
    return 2
  }
  if (options.help) {
    io.stdout.write(`${HELP}\n`)
    return 0
  }
  try {
    const settings = readSettings({ env: io.env, overrides: { dataDir: options.dataDir } })
    const summary = await withPgliteSession(() =>
      runMainJob({
        settings,
        blocks: options.blocks,
        signal: io.signal,
        log: (line) => io.stderr.write(`${line}\n`),
      }),
    )
    if (options.json) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
    else
      io.stdout.write(
        `\n${formatSummary(summary, { cwd: settings.cwd, color: Boolean(io.stdout.isTTY) && io.env.NO_COLOR === undefined })}`,
      )
    return 0
  } catch (error) {
    io.stderr.write(formatError(error, options.verbose))
    return io.signal?.aborted ? EXIT_INTERRUPTED : 1
  }
}

/** idx's own errors as whole sentences with their details; anything else as unexpected. */
function formatError(error: unknown, verbose: boolean): string {
  const lines: string[] = []
  if (isIdxError(error)) {
    lines.push(`Error: ${error.shortMessage}`)
    for (const detail of error.details) lines.push(`  ${detail}`)
  } else {
    const message = error instanceof Error ? error.message : String(error)
    lines.push(`Error: an unexpected problem stopped the main job: ${message}`)
    if (!verbose) lines.push('  Run it again with --verbose to see where it happened.')
  }
  if (verbose && error instanceof Error && error.stack) lines.push('', error.stack)
  return `${redactSecrets(lines.join('\n'))}\n`
}
