import path from 'node:path'
import { type ReportToken, writeReport } from '@idx/report'
import { loadModelPricingSetup } from '@idx/shared-db'
import type { CliContext } from '../context'
import type { ReportOptions } from '../define/report'
import { openModelDb } from './openModel'
import { toTime } from './pricing'

/** `idx report --model NAME [--from …] [--to …] [--out FILE.html]`. */
export async function reportCommand(ctx: CliContext, options: ReportOptions): Promise<void> {
  const db = await openModelDb(ctx, options.model)
  try {
    const shared = await ctx.openShared()
    const setup = await loadModelPricingSetup(shared.client, options.model).finally(() => shared.close())
    const tokens: ReportToken[] = [...setup.tokens].map(([address, token]) => ({
      address,
      symbol: token.symbol,
      decimals: token.decimals,
    }))
    const poolLabels = new Map([...setup.pools].map(([address, pool]) => [address, pool.name]))
    const from = options.from === undefined ? undefined : await toTime(db, options.from, '--from')
    const to = options.to === undefined ? undefined : await toTime(db, options.to, '--to')
    const out = path.resolve(ctx.settings.cwd, options.out ?? `${options.model}-report.html`)
    const written = await writeReport(db, { model: options.model, tokens, poolLabels, from, to, out })
    const candles = written.data.tokens.map(({ token, periods }) => ({
      symbol: token.symbol,
      periods: periods.length,
    }))
    ctx.json({
      model: options.model,
      path: written.path,
      bytes: written.bytes,
      periodSeconds: written.data.periodSeconds,
      tokens: candles,
      readMs: Math.round(written.readMs),
      renderMs: Math.round(written.renderMs),
    })
    ctx.say(
      `Wrote the report of model "${options.model}" to ${written.path} (${candles.map((c) => `${c.symbol}: ${c.periods} periods`).join(', ') || 'no aggregates yet'}).`,
    )
  } finally {
    await db.close()
  }
}
