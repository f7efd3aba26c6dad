import type { Command } from '@commander-js/extra-typings'
import type { OptionsOf } from './options'
import type { WithContext } from './withContext'

const commands = () => import('../commands/stats')

const defineStats = (parent: Command) =>
  parent
    .command('stats')
    .description("print a token's candles and volume per period (from the model's aggregates)")
    .option('--model <name>', 'the model')
    .option('--token <token>', 'the token: its address or symbol')
    .option('--period <period>', 'the period: 1m, 5m, 1h, 4h or 1d', '1h')
    .option('--from <when>', 'a block number or an ISO date/time (default: the first aggregate)')
    .option('--to <when>', 'a block number or an ISO date/time, exclusive (default: after the last)')
    .addHelpText(
      'after',
      `
Aggregates are maintained as blocks are processed; idx stats rebuild computes
them again from the stored rows (for a database processed before they existed).

Examples:
  $ idx stats --model blub_test --token BLUB --period 1h
  $ idx stats --model blub_test --token BLUB --period 1d --from 2025-03-01 --to 2025-04-01 --json
  $ idx stats rebuild --model blub_test`,
    )
    // A misspelt subcommand (`idx stats rebuil`) is reported with a suggestion, as at other levels.
    .allowExcessArguments()
/** The options of `idx stats` as given (--model and --token are checked by the command). */
export type StatsGivenOptions = OptionsOf<ReturnType<typeof defineStats>>

/** Registers `idx stats` and `idx stats rebuild`. */
export function registerStatsCommands(program: Command, withContext: WithContext): void {
  const stats = defineStats(program).action(
    withContext(async (ctx, options, command) => (await commands()).statsAction(ctx, options, command)),
  )

  stats
    .command('rebuild')
    .description("compute a model's period aggregates again from its stored rows")
    .option('--model <name>', 'the model')
    .addHelpText('after', '\nExamples:\n  $ idx stats rebuild --model blub_test')
    .action(
      withContext(async (ctx, _options, command) => (await commands()).statsRebuildAction(ctx, command)),
    )
}
