import { readFileSync } from 'node:fs'
import { BaseError } from '@idx/config'
import {
  getProcessedHeader,
  listCanonicalPrices,
  listSwapValuationsAt,
  type ModelDb,
  processedRange,
  readBlockGeneration,
} from '@idx/model-db'
import { backfillAvaxUsd, createModelSource, importAvaxUsd, updatePricing } from '@idx/pipeline'
import { canonicalPriceAtBlock, decimal, isoTime, parseAvaxUsdFile, scaleFeedAnswer } from '@idx/pricing'
import {
  decidePricingMethod,
  effectivePricingConfig,
  findAvaxUsdFeed,
  findAvaxUsdPrices,
  listAvaxUsdPrices,
  listModelSources,
  loadModelPricingSetup,
  loadPoolPricingAt,
  type ModelPricingSetup,
  type PricingSetupPool,
} from '@idx/shared-db'
import type { CliContext } from '../context'
import { blockNumber } from '../define/parsers'
import type {
  PricingAvaxImportOptions,
  PricingAvaxOptions,
  PricingExplainOptions,
  PricingShowOptions,
  PricingUpdateOptions,
} from '../define/pricing'
import { openModel, openModelDb } from './openModel'
import { blockRuns, count, createLogger, plural } from './progress'
import { formatTable } from './table'

export class PricingInputError extends BaseError {
  override name = 'PricingInputError'
}

/** `idx pricing avax` once --from and --to are checked. */
type AvaxOptions = PricingAvaxOptions & { from: bigint; to: bigint }

const address = (value: string) => {
  if (!/^0x[0-9a-fA-F]{40}$/.test(value))
    throw new PricingInputError(`"${value}" is not an address (0x followed by 40 hexadecimal digits).`)
  return value.toLowerCase()
}
/** Shortens a decimal string to `digits` significant fractional digits for a table (JSON keeps it whole). */
export const short = (value: string | null | undefined, digits = 8) => {
  if (value == null) return '—'
  const [whole, fraction = ''] = value.split('.')
  if (fraction === '') return whole!
  const firstSignificant = fraction.search(/[1-9]/)
  const keep = whole !== '0' && whole !== '-0' ? digits : Math.max(digits, firstSignificant + 4)
  return `${whole}.${fraction.slice(0, keep)}`.replace(/\.?0+$/, '') || '0'
}

/** `idx pricing avax --from A --to B`: exit 1 when some block got no price. */
export async function avaxCommand(ctx: CliContext, given: PricingAvaxOptions): Promise<number> {
  if (given.from === undefined || given.to === undefined)
    throw new PricingInputError(
      `idx pricing avax needs ${given.from === undefined ? '--from' : '--to'}: the blocks whose AVAX/USD price to store.`,
      {
        details: [
          'For example: idx pricing avax --from 58219691 --to 58220000 (or idx pricing avax import FILE).',
        ],
      },
    )
  const options = given as AvaxOptions
  if (options.to < options.from)
    throw new PricingInputError(
      `The range ends (block ${options.to}) before it starts (block ${options.from}).`,
    )
  const logger = createLogger(ctx)
  const shared = await ctx.openShared()
  try {
    const setup = await findAvaxUsdFeed(shared.client)
    const sources =
      options.model === undefined
        ? await shared.client.source.findMany({ orderBy: { id: 'asc' } })
        : await listModelSources(shared.client, options.model)
    const created = createModelSource({ sources, env: ctx.settings.env, name: options.source })
    try {
      const result = await backfillAvaxUsd({
        shared,
        setup,
        source: created.source,
        readFeedRound: created.readFeedRound,
        from: options.from,
        to: options.to,
        onProgress: (progress) =>
          logger?.log(
            { msg: 'avax_usd progress', lastBlock: progress.lastBlock.toString(), stored: progress.stored },
            `AVAX/USD up to block ${progress.lastBlock}: ${plural(progress.stored, 'block')} stored.`,
          ),
      })
      const stored = await listAvaxUsdPrices(shared, { chainId: setup.chainId, ...options })
      const rows = stored.map((row) => ({
        block: row.blockNumber.toString(),
        price: row.price,
        roundId: row.roundId.toString(),
        answeredAt: isoTime(row.answeredAt),
        ageSeconds: Number(row.blockTime - row.answeredAt),
        stale: row.stale,
      }))
      ctx.json({ from: options.from, to: options.to, ...result, prices: rows })
      ctx.say(
        `AVAX/USD for blocks ${options.from}–${options.to} from ${setup.feed?.address}: ` +
          `${plural(result.stored, 'block')} stored now, ${count(result.reused)} already stored, ` +
          `${count(result.missing)} without a price, ${count(result.stale)} stale.`,
      )
      if (result.missing > 0)
        ctx.say(
          `${ctx.color('red', '✗')} ${plural(result.missing, 'block')} got no AVAX/USD price: ${blockRuns(result.missingBlocks)}. ` +
            'Their swaps stay ERROR until one is stored (idx pricing avax import FILE loads prices from a file).',
        )
      for (const reason of result.reasons) ctx.say(`  ${ctx.color('yellow', 'no price:')} ${reason}`)
      const shown = rows.length > 20 ? [...rows.slice(0, 10), undefined, ...rows.slice(-10)] : rows
      const table = formatTable(
        ['block', 'USD per AVAX', 'answered at', 'age', 'stale'],
        shown.map((row) =>
          row === undefined
            ? ['…', '', '', '', '']
            : [row.block, row.price, row.answeredAt, `${row.ageSeconds} s`, row.stale ? 'stale' : ''],
        ),
        { left: [4] },
      )
      if (rows.length > 0) {
        ctx.say(ctx.color('bold', table.header))
        for (const line of table.rows) ctx.say(line)
      }
      return result.missing > 0 ? 1 : 0
    } finally {
      await created.source.close?.()
    }
  } finally {
    await shared.close()
  }
}

/** `idx pricing avax import FILE [--model NAME] [--replace]`. */
export async function avaxImportCommand(
  ctx: CliContext,
  file: string,
  options: PricingAvaxImportOptions,
): Promise<void> {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new PricingInputError(`The AVAX/USD file "${file}" cannot be read: ${(error as Error).message}.`)
  }
  const shared = await ctx.openShared()
  try {
    const setup = await findAvaxUsdFeed(shared.client)
    if (setup.feed === undefined)
      throw new PricingInputError(
        'The shared database has no avax_usd price feed: add one to the shared file and import it.',
      )
    const parsed = parseAvaxUsdFile({ text, file, format: options.format, decimals: setup.feed.decimals })
    const db = options.model === undefined ? undefined : await openModelDb(ctx, options.model)
    try {
      const result = await importAvaxUsd({
        shared,
        setup,
        file,
        parsed,
        model: db === undefined ? undefined : { name: options.model!, db },
        replace: options.replace,
      })
      ctx.json({ file, keyedBy: parsed.keyedBy, rows: parsed.rows.length, ...result })
      const blocks = result.stored + result.unchanged + result.replaced
      ctx.say(
        `${ctx.color('green', '✓')} AVAX/USD from "${file}" (${plural(parsed.rows.length, 'row')}): ` +
          (result.blocks === undefined
            ? 'no block to price.'
            : `${plural(blocks, 'block')} ${result.blocks.from}–${result.blocks.to}: ${count(result.stored)} stored now, ` +
              `${count(result.unchanged)} already stored the same${result.replaced > 0 ? `, ${count(result.replaced)} replaced` : ''}, ` +
              `${count(result.stale)} stale.`),
      )
      if (result.stored + result.replaced > 0)
        ctx.say(
          `Price the swaps of those blocks again: idx pricing update --model ${options.model ?? 'NAME'}${result.blocks === undefined ? '' : ` --from ${result.blocks.from}`}.`,
        )
    } finally {
      await db?.close()
    }
  } finally {
    await shared.close()
  }
}

/** `idx pricing update --model NAME [--from A] [--to B]`. */
export async function updateCommand(ctx: CliContext, options: PricingUpdateOptions): Promise<void> {
  const logger = createLogger(ctx)
  const opened = await openModel(ctx, options, logger)
  try {
    const range = await processedRange(opened.indexer.db)
    const from = options.from ?? range?.from
    const to = options.to ?? range?.to
    if (from === undefined || to === undefined) {
      ctx.json({ blocks: 0, swaps: 0, fixed: 0, errors: 0, canonicalPrices: 0 })
      ctx.say(`The model "${options.model}" has processed no block yet: nothing to price.`)
      return
    }
    if (to < from)
      throw new PricingInputError(`The range ends (block ${to}) before it starts (block ${from}).`)
    const started = performance.now()
    const result = await updatePricing({
      model: opened.indexer.model,
      db: opened.indexer.db,
      from,
      to,
      onProgress: (progress) =>
        logger?.log(
          { msg: 'pricing progress', lastBlock: progress.lastBlock.toString(), swaps: progress.swaps },
          `Priced up to block ${progress.lastBlock}: ${plural(progress.swaps, 'swap')}.`,
        ),
    })
    ctx.json({
      model: options.model,
      from,
      to,
      ...result,
      durationMs: Math.round(performance.now() - started),
    })
    ctx.say(
      `Priced blocks ${from}–${to} of "${options.model}" again: ${plural(result.blocks, 'block')} with swaps, ` +
        `${plural(result.swaps, 'swap')}, ${plural(result.canonicalPrices, 'canonical price')}.`,
    )
    ctx.say(
      `  ${count(result.fixed)} detail rows valued that were not before; ` +
        `${count(result.errors)} still cannot be valued${result.errors > 0 ? ' (idx pricing explain says why)' : ''}.`,
    )
  } finally {
    await opened.close()
  }
}

function describeDecision(found: PricingSetupPool | undefined, block: bigint) {
  if (found === undefined) return undefined
  const decision = decidePricingMethod({ configs: found.configs, pool: found, block })
  const config = effectivePricingConfig(found.configs, block)
  return {
    pool: {
      address: found.address,
      name: found.name,
      baseToken: found.baseToken,
      quoteToken: found.quoteToken,
    },
    decision,
    config:
      config === undefined
        ? null
        : {
            id: config.id,
            method: config.method,
            startBlock: config.startBlock.toString(),
            endBlock: config.endBlock?.toString() ?? null,
            pricingPool: config.pricingPool,
          },
    contractDefault:
      found.pricingMethod === null
        ? null
        : {
            contractId: found.id,
            method: found.pricingMethod,
            startBlock: found.pricingStartBlock?.toString() ?? null,
            endBlock: found.pricingEndBlock?.toString() ?? null,
          },
  }
}

/** `idx pricing explain --model NAME --pool ADDRESS --block N`. */
export async function explainCommand(ctx: CliContext, options: PricingExplainOptions): Promise<void> {
  const pool = address(options.pool)
  const opened = await openModel(ctx, options)
  try {
    const { setup, shared, readFeedRound } = opened.indexer.model.pricing
    // The configuration that priced the block: the generation it was processed with, when an
    // import has changed the model since (a pool dropped, a method changed).
    const current = opened.indexer.model.model.generation
    const blockGeneration = await readBlockGeneration(opened.indexer.db, options.block)
    let asOf = current
    let found: PricingSetupPool | undefined = setup.pools.get(pool)
    if (found === undefined || (blockGeneration !== undefined && blockGeneration !== current)) {
      const db = await ctx.openShared()
      try {
        const then = await loadPoolPricingAt(db.client, {
          model: options.model,
          pool,
          generation: blockGeneration !== current ? blockGeneration : undefined,
        })
        if (then !== undefined && (then.trackedNow || then.versions.length > 0)) {
          found = then
          if (blockGeneration !== undefined) asOf = blockGeneration
        }
      } finally {
        await db.close()
      }
    }
    const explained = describeDecision(found, options.block)
    if (explained === undefined)
      throw new PricingInputError(`The model "${options.model}" tracks no pool ${pool}.`, {
        details: [`Its pools: ${[...setup.pools.keys()].join(', ') || 'none'}.`],
      })
    const { decision } = explained
    const symbol = (token: string) => setup.tokens.get(token)?.symbol ?? token

    // AVAX/USD at the block: stored, else read now (and not stored: explain writes nothing).
    const header = await getProcessedHeader(opened.indexer.db, options.block)
    let avaxUsd: Record<string, unknown> | null = null
    const stored = (await findAvaxUsdPrices(shared, { chainId: setup.chainId, blocks: [options.block] })).get(
      options.block,
    )
    if (stored !== undefined)
      avaxUsd = {
        source: 'stored',
        price: stored.price,
        answeredAt: isoTime(stored.answeredAt),
        ageSeconds: Number(stored.blockTime - stored.answeredAt),
        stale: stored.stale,
      }
    else if (readFeedRound !== undefined && setup.feed !== undefined) {
      const round = await readFeedRound({ feed: setup.feed.address, blockNumber: options.block }).catch(
        (error: Error) => error.message,
      )
      if (typeof round === 'object' && round !== undefined) {
        const time = header === undefined ? undefined : header.timestamp
        const age = time === undefined ? null : Number(time - round.updatedAt)
        avaxUsd = {
          source: 'read now (not stored)',
          price: scaleFeedAnswer(round.answer, setup.feed.decimals),
          answer: round.answer.toString(),
          answeredAt: isoTime(round.updatedAt),
          ageSeconds: age,
          stale: age === null ? null : age > setup.feed.heartbeatSeconds,
        }
      } else avaxUsd = { source: 'none', reason: round ?? 'the feed had no answer at that block' }
    }

    // GLOBAL: the base token's canonical price as of the block, and the swaps it came from.
    let canonical: Record<string, unknown> | null = null
    if (decision.method === 'global' && header !== undefined) {
      canonical = await explainCanonical(
        opened.indexer.db,
        setup,
        explained.pool.baseToken,
        options.block,
        header.timestamp,
      )
    }
    const swaps = await listSwapValuationsAt(opened.indexer.db, { pool, block: options.block })
    const result = {
      model: options.model,
      block: options.block.toString(),
      blockTime: header === undefined ? null : isoTime(header.timestamp),
      generation: { current, block: blockGeneration ?? null, explained: asOf },
      ...explained,
      avaxUsd,
      canonical,
      swaps,
    }
    ctx.json(result)

    const method = { direct_avax: 'DIRECT_AVAX', direct_usd: 'DIRECT_USD', global: 'GLOBAL' }[decision.method]
    ctx.say(
      `${ctx.color('bold', explained.pool.name)} ${pool} at block ${options.block}${result.blockTime ? ` (${result.blockTime})` : ' (not processed yet)'}`,
    )
    ctx.say(`  base ${symbol(explained.pool.baseToken)}, quote ${symbol(explained.pool.quoteToken)}`)
    if (asOf !== current)
      ctx.say(
        `  configuration generation ${asOf}, which processed this block (the model is now at generation ${current}${setup.pools.has(pool) ? '' : ', and no longer tracks this pool'})`,
      )
    ctx.say(`  method  ${ctx.color('bold', method)}  decided by ${decision.tier.replace('_', ' ')}`)
    const c = explained.config
    if (c !== null)
      ctx.say(
        `  config  #${c.id}: ${c.method} for [${c.startBlock}, ${c.endBlock ?? '∞'})${c.pricingPool ? ', a pricing pool' : ''}` +
          (c.method === 'use_global_default' ? ' — defers to the pool default' : ''),
      )
    else ctx.say('  config  none of the model covers this block')
    const d = explained.contractDefault
    ctx.say(
      d === null
        ? '  default the pool has no default in the shared file'
        : `  default ${d.method} for [${d.startBlock}, ${d.endBlock ?? '∞'}) (contract #${d.contractId})`,
    )
    if (avaxUsd === null) ctx.say('  AVAX/USD none stored, and no RPC source to read it')
    else if (avaxUsd.source === 'none') ctx.say(`  AVAX/USD none: ${avaxUsd.reason}`)
    else
      ctx.say(
        `  AVAX/USD ${avaxUsd.price} (${avaxUsd.source}), answered ${avaxUsd.answeredAt}, ${avaxUsd.ageSeconds ?? '?'} s old${avaxUsd.stale ? ` — ${ctx.color('yellow', 'stale')}` : ''}`,
      )
    if (canonical !== null) {
      ctx.say(
        canonical.priceUsd === null
          ? `  canonical ${symbol(explained.pool.baseToken)} as of this block: none (period ${canonical.periodStart})`
          : `  canonical ${symbol(explained.pool.baseToken)} as of this block: ${short(canonical.priceUsd as string)} USD, ${short(canonical.priceAvax as string)} AVAX (period ${canonical.periodStart}${canonical.carriedForward ? ', carried forward' : ''})`,
      )
      if (canonical.reason) ctx.say(`    ${canonical.reason}`)
      const whole = canonical.period as { priceUsd: string | null; swapCount: number } | null
      if (whole !== null)
        ctx.say(
          `    (the whole period, ${plural(whole.swapCount, 'swap')} of its own: ${short(whole.priceUsd)} USD)`,
        )
      const window = canonical.window as { id: string; block: string; usd: string; price: string }[]
      ctx.say(`    from ${plural(window.length, 'swap')} of the pricing pools in the trailing window:`)
      for (const swap of window.slice(-10))
        ctx.say(
          `    block ${swap.block}  ${short(swap.usd, 2)} USD at ${short(swap.price)}  ${ctx.color('dim', swap.id)}`,
        )
    }
    if (swaps.length > 0) {
      ctx.say(`  swaps of this pool in the block:`)
      for (const swap of swaps)
        ctx.say(
          `    ${swap.denomination} ${swap.method} ${swap.value === null ? '' : `${short(String(swap.value))} (price ${short(String(swap.price))})`}${swap.configId === null ? '' : ` by config #${swap.configId}`}${swap.reason ? ` — ${swap.reason}` : ''}  ${ctx.color('dim', String(swap.id ?? ''))}`,
        )
    }
  } finally {
    await opened.close()
  }
}

async function explainCanonical(
  db: Pick<ModelDb, 'query'>,
  setup: ModelPricingSetup,
  token: string,
  block: bigint,
  time: bigint,
): Promise<Record<string, unknown>> {
  const { periodSeconds } = setup.canonical
  const period = Number(time - (time % BigInt(periodSeconds)))
  const { price, window } = await canonicalPriceAtBlock({ setup, db, token, block, time })
  const [periodRow] = await listCanonicalPrices(db, { token, periodSeconds, from: period, to: period })
  const decimals = setup.tokens.get(token)?.decimals ?? 18
  return {
    token,
    periodStart: isoTime(period),
    priceUsd: price?.priceUsd ?? null,
    priceAvax: price?.priceAvax ?? null,
    carriedForward: price?.carriedForward ?? false,
    reason:
      price?.reason ??
      (price === undefined ? 'No swap of a pricing pool is in the trailing window up to this block.' : null),
    /** The stored row of the whole period (later swaps of the period included). */
    period:
      periodRow === undefined
        ? null
        : { priceUsd: periodRow.priceUsd, priceAvax: periodRow.priceAvax, swapCount: periodRow.swapCount },
    window: window.map((swap) => ({
      id: swap.id,
      block: swap.blockNumber.toString(),
      baseAmount: swap.baseAmount.toString(),
      usd: swap.valueUsd,
      price: decimal.format(
        decimal.round(
          decimal.div(decimal.parse(swap.valueUsd), decimal.fromBaseUnits(swap.baseAmount, decimals)),
        ),
      ),
    })),
  }
}

/** The address of a token given by address or symbol (a {@link PricingInputError} listing the tokens otherwise). */
export function resolveToken(setup: Pick<ModelPricingSetup, 'tokens'>, given: string): string {
  const wanted = given.toLowerCase()
  const token = [...setup.tokens.entries()].find(
    ([address, t]) => address === wanted || t.symbol.toLowerCase() === wanted,
  )?.[0]
  if (token === undefined)
    throw new PricingInputError(`The shared database has no token "${given}".`, {
      details: [`Tokens: ${[...setup.tokens.values()].map((t) => t.symbol).join(', ')}.`],
    })
  return token
}

/** A `--from`/`--to` of `show`: a block number (its time from the model database) or an ISO time. */
export async function toTime(db: Pick<ModelDb, 'query'>, value: string, flag: string): Promise<number> {
  if (/^[0-9_,]+$/.test(value)) {
    const number = blockNumber(value)
    const header = await getProcessedHeader(db, number)
    if (header === undefined)
      throw new PricingInputError(
        `${flag} ${value}: block ${number} is not processed, so its time is unknown.`,
      )
    return Number(header.timestamp)
  }
  const ms = Date.parse(value)
  if (Number.isNaN(ms))
    throw new PricingInputError(
      `${flag} ${JSON.stringify(value)} is neither a block number nor an ISO date or time.`,
    )
  return Math.floor(ms / 1000)
}

/** `idx pricing show --model NAME --token TOKEN [--from …] [--to …]`. */
export async function showCommand(ctx: CliContext, options: PricingShowOptions): Promise<void> {
  const db = await openModelDb(ctx, options.model)
  try {
    const shared = await ctx.openShared()
    let setup: ModelPricingSetup
    try {
      setup = await loadModelPricingSetup(shared.client, options.model)
    } finally {
      await shared.close()
    }
    const token = resolveToken(setup, options.token)
    const from = options.from === undefined ? 0 : await toTime(db, options.from, '--from')
    const to = options.to === undefined ? 253_402_300_799 : await toTime(db, options.to, '--to')
    const { periodSeconds } = setup.canonical
    const rows = await listCanonicalPrices(db, {
      token,
      periodSeconds,
      from: from - (from % periodSeconds),
      to,
    })
    const symbol = setup.tokens.get(token)!.symbol
    ctx.json({
      model: options.model,
      token,
      symbol,
      periodSeconds,
      prices: rows.map((row) => ({
        ...row,
        periodStart: isoTime(row.periodStart),
        baseVolume: row.baseVolume.toString(),
      })),
    })
    if (rows.length === 0) {
      ctx.say(`No canonical price of ${symbol} (${token}) in that range.`)
      return
    }
    ctx.say(
      `${ctx.color('bold', `${symbol} canonical price`)} (${token}), ${periodSeconds}-second periods, model "${options.model}":`,
    )
    const table = formatTable(
      ['period start', 'USD', 'AVAX', 'swaps', 'USD volume', 'note'],
      rows.map((row) => [
        isoTime(row.periodStart),
        short(row.priceUsd),
        short(row.priceAvax),
        String(row.swapCount),
        short(row.volumeUsd, 2),
        row.carriedForward
          ? `carried forward: ${row.reason ?? ''}`
          : row.priceUsd === null
            ? (row.reason ?? '')
            : '',
      ]),
      { left: [5] },
    )
    ctx.say(ctx.color('bold', table.header))
    for (const line of table.rows) ctx.say(line)
  } finally {
    await db.close()
  }
}
