import type { CommandUnknownOpts } from '@commander-js/extra-typings'
import { BaseError } from '@idx/config'
import {
  assertStatPeriod,
  periodStatsExtent,
  readTokenPeriodStats,
  rebuildPeriodStats,
  STAT_PERIODS,
} from '@idx/model-db'
import { decimal, isoTime } from '@idx/pricing'
import { loadModelPricingSetup } from '@idx/shared-db'
import type { CliContext } from '../context'
import type { StatsGivenOptions } from '../define/stats'
import { openModelDb } from './openModel'
import { resolveToken, short, toTime } from './pricing'
import { count } from './progress'
import { formatTable } from './table'

export class StatsInputError extends BaseError {
  override name = 'StatsInputError'
}

/** `idx stats`'s options once --model and --token are checked. */
export type StatsOptions = StatsGivenOptions & { model: string; token: string }

const PERIOD_NAMES: Record<string, number> = { '1m': 60, '5m': 300, '1h': 3_600, '4h': 14_400, '1d': 86_400 }

/** A `--period`: `1m`, `5m`, `1h`, `4h`, `1d` or its length in seconds. */
export function parsePeriod(value: string): number {
  const seconds = PERIOD_NAMES[value] ?? (/^[0-9]+$/.test(value) ? Number(value) : Number.NaN)
  if (!(STAT_PERIODS as readonly number[]).includes(seconds))
    throw new StatsInputError(
      `--period ${JSON.stringify(value)} is not an aggregated period: use 1m, 5m, 1h, 4h or 1d.`,
    )
  return assertStatPeriod(seconds)
}

/** What `idx stats` runs (defined in define/stats.ts). */
export function statsAction(
  ctx: CliContext,
  options: StatsGivenOptions,
  command: CommandUnknownOpts,
): Promise<void> {
  // commander's own report (untyped): "error: unknown command 'rebuil' (Did you mean rebuild?)".
  if (command.args.length > 0) (command as unknown as { unknownCommand: () => never }).unknownCommand()
  if (options.model === undefined || options.token === undefined)
    throw new StatsInputError('idx stats needs --model NAME and --token TOKEN.')
  return statsCommand(ctx, options as StatsOptions)
}

/** What `idx stats rebuild` runs. The parent command knows --model too and takes it: read it from both. */
export function statsRebuildAction(ctx: CliContext, command: CommandUnknownOpts): Promise<void> {
  const { model } = command.optsWithGlobals() as { model?: string }
  if (model === undefined) throw new StatsInputError('idx stats rebuild needs --model NAME.')
  return statsRebuildCommand(ctx, { model })
}

/** `idx stats --model NAME --token TOKEN [--period P] [--from …] [--to …]`. */
export async function statsCommand(ctx: CliContext, options: StatsOptions): Promise<void> {
  const periodSeconds = parsePeriod(options.period)
  const db = await openModelDb(ctx, options.model)
  try {
    const shared = await ctx.openShared()
    const setup = await loadModelPricingSetup(shared.client, options.model).finally(() => shared.close())
    const token = resolveToken(setup, options.token)
    const { symbol, decimals } = setup.tokens.get(token)!
    const extent = await periodStatsExtent(db)
    const from = options.from === undefined ? (extent?.from ?? 0) : await toTime(db, options.from, '--from')
    const to =
      options.to === undefined ? (extent?.to ?? 0) + periodSeconds : await toTime(db, options.to, '--to')
    const rows = await readTokenPeriodStats(db, {
      token,
      periodSeconds,
      from: from - (from % periodSeconds),
      to,
    })
    ctx.json({
      model: options.model,
      token,
      symbol,
      periodSeconds,
      periods: rows.map((row) => ({
        ...row,
        periodStart: isoTime(row.periodStart),
        baseVolume: row.baseVolume.toString(),
        buyBaseVolume: row.buyBaseVolume.toString(),
        sellBaseVolume: row.sellBaseVolume.toString(),
      })),
    })
    if (rows.length === 0) {
      ctx.say(`No aggregate of ${symbol} (${token}) in that range.`)
      return
    }
    ctx.say(
      `${ctx.color('bold', `${symbol} per ${options.period}`)} (${token}), model "${options.model}", prices in USD:`,
    )
    const whole = (amount: bigint) => short(decimal.format(decimal.fromBaseUnits(amount, decimals)), 2)
    const table = formatTable(
      [
        'period start',
        'open',
        'high',
        'low',
        'close',
        'USD volume',
        `${symbol} volume`,
        'buys',
        'sells',
        'takers',
      ],
      rows.map((row) => [
        isoTime(row.periodStart),
        short(row.openUsd),
        short(row.highUsd),
        short(row.lowUsd),
        short(row.closeUsd),
        short(row.volumeUsd, 2),
        whole(row.baseVolume),
        String(row.buyCount),
        String(row.sellCount),
        String(row.takerCount),
      ]),
    )
    ctx.say(ctx.color('bold', table.header))
    for (const line of table.rows) ctx.say(line)
  } finally {
    await db.close()
  }
}

/** `idx stats rebuild --model NAME`. */
export async function statsRebuildCommand(ctx: CliContext, options: { model: string }): Promise<void> {
  const db = await openModelDb(ctx, options.model)
  try {
    const started = performance.now()
    const result = await rebuildPeriodStats(db)
    const seconds = ((performance.now() - started) / 1000).toFixed(2)
    ctx.json({ model: options.model, ...result, seconds: Number(seconds) })
    ctx.say(
      `Rebuilt the period aggregates of model "${options.model}": ${count(result.tokenRows)} token periods, ${count(result.poolRows)} pool periods in ${seconds} s.`,
    )
  } finally {
    await db.close()
  }
}
