import { type Command, Option } from '@commander-js/extra-typings'
import type { OptionsOf } from './options'
import { portNumber } from './parsers'
import type { WithContext } from './withContext'

const commands = () => import('../commands/studio')

const defineDbStudio = (parent: Command) =>
  parent
    .description(
      'browse and edit one database in Prisma Studio (the shared database unless --model is given)',
    )
    .addOption(new Option('--shared', 'the shared database (the default)').conflicts('model'))
    .option('--model <name>', "a model's database")
    .option('--port <port>', 'the port Studio listens on, on 127.0.0.1 (default: a free one)', portNumber)
    .option(
      '--browser <name>',
      'the browser to open Studio in, or "none" (default: the system browser; none without a display)',
    )
    .addHelpText(
      'after',
      `
Studio runs until Ctrl-C. PostgreSQL databases are opened by URL (the password
stays out of the command line); an embedded PGlite database is served to
Studio on a private 127.0.0.1 port, and other idx commands wait for it until
Studio stops.

Examples:
  $ idx db studio
  $ idx db studio --model blub_test --port 5555 --browser none`,
    )
export type DbStudioOptions = OptionsOf<ReturnType<typeof defineDbStudio>>

/** Registers `idx db studio` on the `db` command group. */
export function registerDbStudioCommand(db: Command, withContext: WithContext): void {
  defineDbStudio(db.command('studio')).action(
    withContext(async (ctx, options) => (await commands()).dbStudioCommand(ctx, options)),
  )
}
