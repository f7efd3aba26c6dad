import { Command, CommanderError, Option } from 'commander'
import type { DatabaseSelection, ResolveOptions } from './commands/migrate'
import type { CliContext } from './context'
import { registerConfigCommands } from './define/config'
import { collect } from './define/parsers'
import { registerPositionsCommand } from './define/positions'
import { registerPricingCommands } from './define/pricing'
import { registerProcessCommands } from './define/process'
import { registerReportCommand } from './define/report'
import { registerStatsCommands } from './define/stats'
import { registerDbStudioCommand } from './define/studio'
import type { CliIo, GlobalOptions } from './io'

// Only commander and the command definitions load up front: each command's
// module, the context (Prisma clients, viem) and the error formatter are
// imported when an action runs, so `idx --help` and `idx --version` answer fast.
const migrateCommands = () => import('./commands/migrate')
const dbCommands = () => import('./commands/db')
const inspectCommands = () => import('./commands/inspect')

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

  const migrate = program
    .command('migrate')
    .description('create the databases if needed and apply pending migrations')
    .option('--shared', 'the shared database')
    .option('--model <name>', "a model's database (repeatable)", collect)
    .option('--all', 'the shared database and every registered model (the default)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ idx migrate\n  $ idx migrate --shared\n  $ idx migrate --model blub_test',
    )
    .action(
      withContext(async (ctx, options: DatabaseSelection) =>
        (await migrateCommands()).migrateCommand(ctx, options),
      ),
    )

  migrate
    .command('status')
    .description('list applied, pending, failed and edited migrations (exit 1 unless up to date)')
    .option('--shared', 'the shared database')
    .option('--model <name>', "a model's database (repeatable)", collect)
    .option('--all', 'the shared database and every registered model (the default)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ idx migrate status\n  $ idx migrate status --model blub_test --json',
    )
    .action(
      // The parent command knows --shared and --model too and takes them: read them from both.
      withContext(async (ctx, _options: unknown, command: Command) =>
        (await migrateCommands()).migrateStatusCommand(
          ctx,
          command.optsWithGlobals() as { shared?: boolean; model?: string[]; all?: boolean },
        ),
      ),
    )

  migrate
    .command('resolve')
    .description('record how a failed migration was resolved (rolled back, or applied by hand)')
    .option('--rolled-back <migration>', 'it left nothing behind: the next idx migrate applies it again')
    .option('--applied <migration>', 'its changes are in the database (made by hand): record it as applied')
    .option('--shared', 'the shared database')
    .option('--model <name>', "a model's database")
    .addHelpText(
      'after',
      `
A migration whose SQL failed is not retried on its own: idx migrate names it
with its error. Fix the cause, then say what happened. (A migration a killed
run left unfinished needs none of this: idx migrate retries it.)

Examples:
  $ idx migrate resolve --rolled-back 20261207180000_deployment_identity --model blub_test
  $ idx migrate resolve --applied 20261207155804_deployment_identity --shared`,
    )
    .action(
      withContext(async (ctx, _options: unknown, command: Command) => {
        const options = command.optsWithGlobals() as ResolveOptions & { model?: string | string[] }
        const model = Array.isArray(options.model) ? options.model.at(-1) : options.model
        return (await migrateCommands()).migrateResolveCommand(ctx, { ...options, model })
      }),
    )

  const db = program
    .command('db')
    .description('create, reset, inspect and browse databases')
    .addHelpText(
      'after',
      '\nExamples:\n  $ idx db inspect\n  $ idx db studio --model blub_test\n  $ idx db reset --model blub_test --yes',
    )
  db.command('create')
    .description('create the databases that do not exist yet (without migrating them)')
    .option('--shared', 'the shared database')
    .option('--model <name>', "a model's database (repeatable)", collect)
    .option('--all', 'the shared database and every registered model (the default)')
    .addHelpText('after', '\nExamples:\n  $ idx db create --shared')
    .action(
      withContext(async (ctx, options: DatabaseSelection) =>
        (await dbCommands()).dbCreateCommand(ctx, options),
      ),
    )
  db.command('reset')
    .description("drop one model's database and migrate it afresh (never the shared database)")
    .requiredOption('--model <name>', 'the model whose database is reset')
    .option('--yes', 'confirm that everything in that database is deleted')
    .addHelpText('after', '\nExamples:\n  $ idx db reset --model blub_test --yes')
    .action(
      withContext(async (ctx, options: { model: string; yes?: boolean }) =>
        (await dbCommands()).dbResetCommand(ctx, options),
      ),
    )

  db.command('adopt')
    .description('let idx use a database it did not create, or one an older idx created without a deployment')
    .option('--shared', 'the shared database (IDX_SHARED_DB)')
    .option('--model <name>', "a model's database")
    .addHelpText(
      'after',
      `
idx only writes to databases it created, and a model database records the
deployment (shared database) it belongs to. adopt accepts an empty database
idx did not create (made by a DBA, say), or a model database of an older idx
that records no deployment, and migrates it as this deployment's. A database
with content and no idx marker, or one of another deployment, is refused.

Examples:
  $ idx db adopt --model blub_test
  $ idx db adopt --shared`,
    )
    .action(
      withContext(async (ctx, options: { shared?: boolean; model?: string }) =>
        (await dbCommands()).dbAdoptCommand(ctx, options),
      ),
    )

  db.command('inspect')
    .description(
      "list each database's tables with row counts, its migrations and, for a model, its blocks and its trades by type and router",
    )
    .option('--shared', 'the shared database')
    .option('--model <name>', "a model's database (repeatable)", collect)
    .option('--all', 'the shared database and every registered model (the default)')
    .addHelpText('after', '\nExamples:\n  $ idx db inspect\n  $ idx db inspect --model blub_test --json')
    .action(
      withContext(async (ctx, options: DatabaseSelection) =>
        (await inspectCommands()).dbInspectCommand(ctx, options),
      ),
    )
  registerDbStudioCommand(db, withContext)

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
