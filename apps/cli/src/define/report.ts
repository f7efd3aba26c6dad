import type { Command } from '@commander-js/extra-typings'
import type { OptionsOf } from './options'
import type { WithContext } from './withContext'

const commands = () => import('../commands/report')

const defineReport = (parent: Command) =>
  parent
    .command('report')
    .description("write a model's report as one self-contained HTML file (it opens offline)")
    .requiredOption('--model <name>', 'the model')
    .option('--from <when>', 'a block number or an ISO date/time (default: the first aggregate)')
    .option('--to <when>', 'a block number or an ISO date/time, exclusive (default: after the last)')
    .option('--out <file>', 'the HTML file to write (default: <model>-report.html)')
    .addHelpText(
      'after',
      `
The report draws each token's USD candles with volume bars and its buy and sell
volume, then volume by pool and by router, the pricing method mix and the swaps
that could not be valued, with their reasons.

Examples:
  $ idx report --model blub_test
  $ idx report --model blub_test --from 2025-03-01 --to 2025-04-01 --out march.html`,
    )
export type ReportOptions = OptionsOf<ReturnType<typeof defineReport>>

/** Registers `idx report`. */
export function registerReportCommand(program: Command, withContext: WithContext): void {
  defineReport(program).action(
    withContext(async (ctx, options) => (await commands()).reportCommand(ctx, options)),
  )
}
