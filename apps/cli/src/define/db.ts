import type { Command } from '@commander-js/extra-typings'
import { withDatabaseSelection } from './options'
import { registerDbStudioCommand } from './studio'
import type { WithContext } from './withContext'

const dbCommands = () => import('../commands/db')
const inspectCommands = () => import('../commands/inspect')

/** Registers `idx db create | reset | adopt | inspect | studio`. */
export function registerDbCommands(program: Command, withContext: WithContext): void {
  const db = program
    .command('db')
    .description('create, reset, inspect and browse databases')
    .addHelpText(
      'after',
      '\nExamples:\n  $ idx db inspect\n  $ idx db studio --model blub_test\n  $ idx db reset --model blub_test --yes',
    )

  withDatabaseSelection(
    db.command('create').description('create the databases that do not exist yet (without migrating them)'),
  )
    .addHelpText('after', '\nExamples:\n  $ idx db create --shared')
    .action(withContext(async (ctx, options) => (await dbCommands()).dbCreateCommand(ctx, options)))

  db.command('reset')
    .description("drop one model's database and migrate it afresh (never the shared database)")
    .requiredOption('--model <name>', 'the model whose database is reset')
    .option('--yes', 'confirm that everything in that database is deleted')
    .addHelpText('after', '\nExamples:\n  $ idx db reset --model blub_test --yes')
    .action(withContext(async (ctx, options) => (await dbCommands()).dbResetCommand(ctx, options)))

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
    .action(withContext(async (ctx, options) => (await dbCommands()).dbAdoptCommand(ctx, options)))

  withDatabaseSelection(
    db
      .command('inspect')
      .description(
        "list each database's tables with row counts, its migrations and, for a model, its blocks and its trades by type and router",
      ),
  )
    .addHelpText('after', '\nExamples:\n  $ idx db inspect\n  $ idx db inspect --model blub_test --json')
    .action(withContext(async (ctx, options) => (await inspectCommands()).dbInspectCommand(ctx, options)))
  registerDbStudioCommand(db, withContext)
}
