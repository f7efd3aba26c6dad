import { BaseError } from '@idx/config'
import { listClPositions } from '@idx/model-db'
import type { CliContext } from '../context'
import type { PositionsOptions } from '../define/positions'
import { openModelDb } from './openModel'
import { formatTable } from './table'

export class PositionsInputError extends BaseError {
  override name = 'PositionsInputError'
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/

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
