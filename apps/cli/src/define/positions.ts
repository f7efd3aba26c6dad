import type { Command } from '@commander-js/extra-typings'
import type { OptionsOf } from './options'
import { blockNumber } from './parsers'
import type { WithContext } from './withContext'

const commands = () => import('../commands/positions')

const definePositions = (parent: Command) =>
  parent
    .command('positions')
    .description(
      "list concentrated-liquidity positions (token id, owner, pool, tick range, liquidity) from a model's events",
    )
    .requiredOption('--model <name>', 'the model')
    .option('--owner <address>', "only this owner's positions")
    .option('--pool <address>', 'only positions in this pool')
    .option('--block <n>', 'as of the end of this block (default: the last processed block)', blockNumber)
    .addHelpText(
      'after',
      `
A position is a token of a position manager the model tracks (type
uniswap_v3_position_manager): its pool and tick range come from its first
IncreaseLiquidity, its liquidity is the sum of its increases and decreases, its
owner the receiver of its last transfer. Burned positions are not listed.

Examples:
  $ idx positions --model blub_test
  $ idx positions --model blub_test --owner 0x00000000000000000000000000000000000a11ce --json
  $ idx positions --model blub_test --pool 0x3fc41c1ae339322ab87b6ba48e30781d88a304d4 --block 62288120`,
    )
export type PositionsOptions = OptionsOf<ReturnType<typeof definePositions>>

/** `idx positions`: concentrated-liquidity positions of a model's tracked position managers. */
export function registerPositionsCommand(program: Command, withContext: WithContext): void {
  definePositions(program).action(
    withContext(async (ctx, options) => (await commands()).positionsCommand(ctx, options)),
  )
}
