import type { Command } from '@commander-js/extra-typings'
import type { OptionsOf } from './options'
import type { WithContext } from './withContext'

const commands = () => import('../commands/config')

const defineConfigImportShared = (parent: Command) =>
  parent
    .command('import-shared')
    .description('import a shared file into the shared database, in one transaction')
    .argument('<file>', 'the shared file (shared_v1_0.yaml)')
    .option('--dry-run', 'print what would change and write nothing')
    .addHelpText(
      'after',
      `
Rows the file no longer lists are kept (models may use them) and reported as
"not in file". Global --verbose lists every row; --json prints the plan.

Examples:
  $ idx config import-shared prisma/shared_v1_0.yaml --dry-run
  $ idx config import-shared prisma/shared_v1_0.yaml --verbose`,
    )
export type ConfigImportSharedOptions = OptionsOf<ReturnType<typeof defineConfigImportShared>>

const defineConfigImportModel = (parent: Command) =>
  parent
    .command('import-model')
    .description(
      'import a model file (what it tracks, its pool pricing) into the shared database, in one transaction',
    )
    .argument('<file>', 'the model file (<model>_v1_0.yaml)')
    .option('--dry-run', 'print what would change and write nothing')
    .addHelpText(
      'after',
      `
Its sources, tokens, contracts and pools must be in the shared database
(import the shared file first). Junction rows and pool pricing configs are
made to match the file: rows it no longer lists are removed from the model.
Then create the model's own database: idx migrate --model NAME.

Examples:
  $ idx config import-model prisma/blub_test_v1_0.yaml --dry-run
  $ idx config import-model prisma/blub_test_v1_0.yaml --json`,
    )
export type ConfigImportModelOptions = OptionsOf<ReturnType<typeof defineConfigImportModel>>

/**
 * Registers `idx config validate`, `idx config import-shared` and
 * `idx config import-model` on the program.
 */
export function registerConfigCommands(program: Command, withContext: WithContext): void {
  const config = program
    .command('config')
    .description('validate configuration files and import them into the shared database')
    .addHelpText(
      'after',
      '\nExamples:\n  $ idx config validate prisma/shared_v1_0.yaml prisma/blub_test_v1_0.yaml\n  $ idx config import-shared prisma/shared_v1_0.yaml\n  $ idx config import-model prisma/blub_test_v1_0.yaml --dry-run',
    )

  config
    .command('validate')
    .description(
      'check configuration files completely and list every problem; writes nothing (exit 1 on any problem)',
    )
    .argument('<files...>', 'shared and model files, told apart by content')
    .addHelpText(
      'after',
      `
A model file is checked against a shared file given in the same command;
alone, only its own content is checked (import-model checks its references
against the shared database).

Examples:
  $ idx config validate prisma/shared_v1_0.yaml prisma/blub_test_v1_0.yaml
  $ idx config validate prisma/*.yaml --json`,
    )
    .action(withContext(async (ctx, files) => (await commands()).validateCommand(ctx, files)))

  defineConfigImportShared(config).action(
    withContext(async (ctx, file, options) => (await commands()).importSharedCommand(ctx, file, options)),
  )

  defineConfigImportModel(config).action(
    withContext(async (ctx, file, options) => (await commands()).importModelCommand(ctx, file, options)),
  )
}
