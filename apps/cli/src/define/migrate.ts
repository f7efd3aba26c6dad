import type { Command } from '@commander-js/extra-typings'
import { type OptionsOf, withDatabaseSelection } from './options'
import type { WithContext } from './withContext'

const migrateCommands = () => import('../commands/migrate')

const defineResolve = (parent: Command) =>
  parent
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
export type MigrateResolveOptions = OptionsOf<ReturnType<typeof defineResolve>>

/** Registers `idx migrate`, `idx migrate status` and `idx migrate resolve`. */
export function registerMigrateCommands(program: Command, withContext: WithContext): void {
  const migrate = withDatabaseSelection(
    program.command('migrate').description('create the databases if needed and apply pending migrations'),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  $ idx migrate\n  $ idx migrate --shared\n  $ idx migrate --model blub_test',
    )
    .action(withContext(async (ctx, options) => (await migrateCommands()).migrateCommand(ctx, options)))

  withDatabaseSelection(
    migrate
      .command('status')
      .description('list applied, pending, failed and edited migrations (exit 1 unless up to date)'),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  $ idx migrate status\n  $ idx migrate status --model blub_test --json',
    )
    .action(
      // The parent command knows --shared and --model too and takes them: read them from both.
      withContext(async (ctx, _options, command) =>
        (await migrateCommands()).migrateStatusCommand(ctx, command.optsWithGlobals()),
      ),
    )

  defineResolve(migrate).action(
    withContext(async (ctx, _options, command) => {
      // The parent's --model is repeatable (a list); resolve takes one model: the last given.
      const options = command.optsWithGlobals()
      const model = Array.isArray(options.model) ? options.model.at(-1) : options.model
      return (await migrateCommands()).migrateResolveCommand(ctx, { ...options, model })
    }),
  )
}
