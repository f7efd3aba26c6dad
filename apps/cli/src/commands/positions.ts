import { BaseError } from '@idx/config'
import { listClPositions } from '@idx/model-db'
import type { Command } from 'commander'
import type { CliContext } from '../context'
import type { WithContext } from './config'
import { blockNumber, openModelDb } from './process'
import { formatTable } from './table'

export class PositionsInputError extends BaseError {
  override name = 'PositionsInputError'
}

type PositionsOptions = { model: string; owner?: string; pool?: string; block?: bigint }

const ADDRESS = /^0x[0-9a-fA-F]{40}$/

/** `idx positions`: concentrated-liquidity positions of a model's tracked position managers. */
export function registerPositionsCommand(program: Command, withContext: WithContext): void {
  program
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
    .action(withContext((ctx, options: PositionsOptions) => positionsCommand(ctx, options)))
}

export async function positionsCommand(ctx: CliContext, options: PositionsOptions): Promise<void> {
  for (const key of ['owner', 'pool'] as const) {
    const value = options[key]
    if (value !== undefined && !ADDRESS.test(value))
      throw new PositionsInputError(
        `--${key} ${JSON.stringify(value)} is not an address: expected 0x followed by 40 hex digits.`,
      )
  }
  const db = await openModelDb(ctx, options.model)
  try {
    const positions = await listClPositions(db, {
      owner: options.owner,
      pool: options.pool,
      asOfBlock: options.block,
    })
    ctx.json({
      model: options.model,
      asOfBlock: options.block?.toString() ?? null,
      positions: positions.map((position) => ({
        ...position,
        tokenId: position.tokenId.toString(),
        liquidity: position.liquidity.toString(),
      })),
    })
    if (positions.length === 0) {
      ctx.say(`No concentrated-liquidity position in model "${options.model}" matches.`)
      return
    }
    ctx.say(ctx.color('bold', `Concentrated-liquidity positions, model "${options.model}":`))
    const table = formatTable(
      ['token id', 'owner', 'pool', 'tick lower', 'tick upper', 'liquidity'],
      positions.map((position) => [
        position.tokenId.toString(),
        position.owner,
        position.pool,
        String(position.tickLower),
        String(position.tickUpper),
        position.liquidity.toString(),
      ]),
      { left: [1, 2] },
    )
    ctx.say(ctx.color('bold', table.header))
    for (const line of table.rows) ctx.say(line)
  } finally {
    await db.close()
  }
}
