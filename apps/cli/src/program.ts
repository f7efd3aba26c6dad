import { Command, CommanderError, Option } from '@commander-js/extra-typings'
import type { CliContext } from './context'
import { registerConfigCommands } from './define/config'
import { registerDbCommands } from './define/db'
import { registerMigrateCommands } from './define/migrate'
import { registerPositionsCommand } from './define/positions'
import { registerPricingCommands } from './define/pricing'
import { registerProcessCommands } from './define/process'
import { registerReportCommand } from './define/report'
import { registerStatsCommands } from './define/stats'
import type { CliIo, GlobalOptions } from './io'

// Only commander and the command definitions load up front: each command's
// module, the context (Prisma clients, viem) and the error formatter are
// imported when an action runs, so `idx --help` and `idx --version` answer fast.
// Every command is registered the same way: a define/<name>.ts file whose
// actions import ../commands/<name>.ts when they run.

/**
 * Runs the `idx` command line and returns its exit code: 0 on success, 1 on
 * any failure, 2 on a usage error. Never calls process.exit.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0
  let globals: GlobalOptions = {}
  const withContext =
    <A extends unknown[]>(fn: (ctx: CliContext, ...args: A) => Promise<unknown>) =>
    async (...args: A) => {
      const [{ createContext }, { withPgliteSession }] = await Promise.all([
        import('./context'),
        import('@idx/database'),
      ])
      // One PGlite session per command: each embedded database is opened once.
      const code = await withPgliteSession(() => fn(createContext(io, globals), ...args))
      if (typeof code === 'number') exitCode = code
    }

  const program = new Command('idx')
    .description('Index DeFi activity on Avalanche C-Chain into PostgreSQL, valued in AVAX and USD.')
    .version('0.0.0', '-V, --version')
    .option('--json', 'print a machine-readable JSON result')
    .option('--verbose', 'print more detail, and the stack of an error')
    .option('--database-url <url>', 'PostgreSQL server for every database (else IDX_DATABASE_URL)')
    .option('--data-dir <dir>', 'where embedded PGlite databases live (else IDX_DATA_DIR, default .idx)')
    .option('--shared-db <name>', 'name of the shared database (else IDX_SHARED_DB, default idx_shared)')
    .addOption(new Option('--log-format <format>', 'log lines as text or json').choices(['text', 'json']))
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .hook('preAction', (command) => {
      globals = command.optsWithGlobals() as GlobalOptions
    })
    .addHelpText(
      'after',
      `
Databases are resolved one way: IDX_DATABASE_URL (a PostgreSQL server; each
database gets its own name), else IDX_DB_HOST / IDX_DB_PORT / IDX_DB_USER /
IDX_DB_PASSWORD or IDX_DB_PASSWORD_FILE, else embedded PGlite under IDX_DATA_DIR.

Examples:
  $ idx migrate                                   # shared + every model database
  $ idx config import-shared prisma/shared_v1_0.yaml
  $ idx config import-model prisma/blub_test_v1_0.yaml
  $ idx migrate status --json`,
    )

  registerMigrateCommands(program, withContext)
  registerDbCommands(program, withContext)
  registerConfigCommands(program, withContext)
  registerProcessCommands(program, withContext)
  registerPricingCommands(program, withContext)
  registerPositionsCommand(program, withContext)
  registerStatsCommands(program, withContext)
  registerReportCommand(program, withContext)

  try {
    await program.parseAsync([...argv], { from: 'user' })
    return exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? 0 : 2
    }
    const { formatError } = await import('./errors')
    io.stderr.write(
      formatError(error, { verbose: globals.verbose ?? argv.includes('--verbose'), secrets: secretsOf(io) }),
    )
    return 1
  }
}

/** Passwords the environment holds, so no message can echo them. */
function secretsOf(io: CliIo): (string | undefined)[] {
  return [io.env.IDX_DB_PASSWORD]
}
