import path from 'node:path'
import pc from 'picocolors'
import type { MainJobSummary } from './runMainJob'

// Always-on colours: the caller decides whether to colour (options.color).
const colors = pc.createColors(true)

export type FormatSummaryOptions = {
  /** Paths are shown relative to this directory when inside it. */
  cwd: string
  /** Bold headings (a terminal). */
  color?: boolean | undefined
}

// Intl formats decimal strings exactly (no binary float on the way).
const integer = new Intl.NumberFormat('en-US')
const amount = (digits: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: digits })
const significant = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 6 })
const format = (formatter: Intl.NumberFormat, value: string | number) =>
  formatter.format(value as unknown as number)

const plural = (n: number, word: string, words = `${word}s`) =>
  `${format(integer, n)} ${n === 1 ? word : words}`

/** The trades: what they are, how they were made, and through which router. */
function tradesLine(summary: MainJobSummary): string {
  const kinds = summary.tradeKinds
  const made = [
    kinds.split > 0 ? `${format(integer, kinds.split)} split over pools` : undefined,
    kinds.multiHop > 0 ? `${format(integer, kinds.multiHop)} multi-hop` : undefined,
    kinds.forOtherWallets > 0
      ? `${format(integer, kinds.forOtherWallets)} for another wallet than the sender`
      : undefined,
  ].filter((part) => part !== undefined)
  const routers = kinds.byRouter
    .map((row) => `${row.label ?? 'no labelled router'} ${format(integer, row.trades)}`)
    .join(' · ')
  return (
    `${format(integer, summary.trades)}: ${plural(kinds.buys, 'buy')}, ${plural(kinds.sells, 'sell')}, ${plural(kinds.arbitrages, 'arbitrage')}` +
    `${made.length > 0 ? ` (${made.join(', ')})` : ''}${routers === '' ? '' : ` — ${routers}`}`
  )
}

/**
 * The main job's summary for people: what the chain is, what was indexed and
 * valued, BLUB's canonical price over the run, what was reused, where the
 * data lives and how to look at it.
 */
export function formatSummary(summary: MainJobSummary, options: FormatSummaryOptions): string {
  const bold = (text: string) => (options.color ? colors.bold(text) : text)
  const shown = (file: string) => {
    const relative = path.relative(options.cwd, file)
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file
  }
  const lines: string[] = []
  const rows = (entries: [string, string][]) => {
    const width = Math.max(...entries.map(([label]) => label.length))
    for (const [label, value] of entries) lines.push(`  ${label.padEnd(width)}  ${value}`)
  }

  const { chain, pricing, price } = summary
  lines.push(
    bold(`idx main job — model "${summary.model}" on a local anvil chain (chain id ${chain.chainId})`),
    '',
  )
  const deployment = `${chain.firstBlock}–${BigInt(chain.lastBlock) - BigInt(chain.tradingBlocks)}`
  const usd = pricing.available ? ` · ${format(amount(2), summary.volume.usd ?? '0')} USD` : ''
  const avax = pricing.available ? `${format(amount(4), summary.volume.avax ?? '0')} AVAX` : 'not valued'
  const overview: [string, string][] = [
    [
      'Chain',
      `blocks ${chain.firstBlock}–${chain.lastBlock}: the market's deployment (${deployment}), then ${plural(chain.tradingBlocks, 'block')} of trading (seed ${chain.seed})`,
    ],
    [
      'Blocks',
      `${format(integer, summary.blocks.done)} processed${summary.run.skipped > 0 ? ` (${format(integer, summary.run.skipped)} already done before this run)` : ''}${summary.blocks.failed > 0 ? `, ${format(integer, summary.blocks.failed)} failed` : ''}`,
    ],
    [
      'Pool swaps',
      `${format(integer, summary.swaps)} (${summary.pools.map((pool) => `${pool.name} ${format(integer, pool.swaps)}`).join(' · ')})`,
    ],
    ['Trades', tradesLine(summary)],
    ['Volume', `${avax}${usd} — ${format(amount(4), summary.volume.wavax)} WAVAX changed hands`],
  ]
  if (pricing.available) {
    overview.push([
      'Not valued',
      pricing.swapsNotValued === 0
        ? 'none: every swap has a value in USD and in AVAX'
        : `${plural(pricing.swapsNotValued, 'swap')}: ${pricing.notValued
            .map(
              (entry) =>
                `${format(integer, entry.swaps)} ${entry.denomination} ${entry.errorCode ?? ''}${entry.reason ? ` (${entry.reason})` : ''}`,
            )
            .join('; ')}`,
    ])
  } else {
    overview.push(['Pricing', pricing.note ?? 'not available'])
  }
  if (price !== null) {
    const at = (point: { usd: string | null; avax: string | null } | null) =>
      point === null || (point.usd === null && point.avax === null)
        ? 'none'
        : `${point.usd === null ? '–' : `${format(significant, point.usd)} USD`} (${point.avax === null ? '–' : `${format(significant, point.avax)} AVAX`})`
    overview.push([
      `${price.symbol} price`,
      price.pricedPeriods === 0
        ? `no canonical price yet (${plural(price.periods, 'period')})`
        : `first ${at(price.first)}, last ${at(price.last)}`,
    ])
    if (price.pricedPeriods > 0)
      overview.push([
        '',
        `min ${at(price.min)}, max ${at(price.max)} — over ${plural(price.periods, `${price.periodSeconds}-second period`)}${price.carriedForward > 0 ? `, ${format(integer, price.carriedForward)} carried forward` : ''}`,
      ])
  }
  rows(overview)

  lines.push('', bold('Pools'))
  const table: string[][] = [
    [
      'pool',
      'swaps',
      'base volume',
      'quote volume',
      ...(pricing.available ? ['AVAX value', 'USD value'] : []),
    ],
    ...summary.pools.map((pool) => [
      pool.name,
      format(integer, pool.swaps),
      `${format(amount(4), pool.baseVolume)} ${pool.base}`,
      `${format(amount(4), pool.quoteVolume)} ${pool.quote}`,
      ...(pricing.available
        ? [format(amount(4), pool.volumeAvax ?? '0'), format(amount(2), pool.volumeUsd ?? '0')]
        : []),
    ]),
  ]
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)))
  for (const row of table)
    lines.push(
      `  ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')}`,
    )

  if (summary.positions.length > 0) {
    lines.push('', bold('Concentrated-liquidity positions'))
    const poolName = (address: string) =>
      summary.pools.find((pool) => pool.address.toLowerCase() === address.toLowerCase())?.name ?? address
    const positions: string[][] = [
      ['token id', 'pool', 'owner', 'ticks', 'liquidity'],
      ...summary.positions.map((position) => [
        position.tokenId,
        poolName(position.pool),
        position.owner,
        `${position.tickLower} to ${position.tickUpper}`,
        position.liquidity,
      ]),
    ]
    const positionWidths = positions[0]!.map((_, column) =>
      Math.max(...positions.map((row) => row[column]!.length)),
    )
    for (const row of positions)
      lines.push(
        `  ${row.map((cell, column) => (column === 4 ? cell.padStart(positionWidths[column]!) : cell.padEnd(positionWidths[column]!))).join('  ')}`.trimEnd(),
      )
  }

  lines.push('', reusedLine(summary))
  if (chain.notReusedBecause !== null)
    lines.push(`The saved chain was made again: ${chain.notReusedBecause}.`)
  if (summary.steps.modelDatabaseReset !== null)
    lines.push(`The model database was reset: ${summary.steps.modelDatabaseReset}.`)

  lines.push('', bold('Where the data lives'))
  rows([
    ['shared database', summary.data.sharedDatabase],
    ['model database', summary.data.modelDatabase],
    ['configuration', `${shown(summary.data.sharedFile)}, ${shown(summary.data.modelFile)}`],
    [
      'chain',
      `${shown(summary.data.chainState)} (anvil's state; ${path.basename(summary.data.chainInfo)} describes it)`,
    ],
    ['report', `${shown(summary.data.report)} (open it in a browser; it works offline)`],
  ])
  lines.push('', bold('Look at it'))
  const width = Math.max(...summary.commands.map((entry) => entry.command.length))
  for (const entry of summary.commands)
    lines.push(
      entry.command.length > 70
        ? `  ${entry.command}\n      ${entry.what}`
        : `  ${entry.command.padEnd(Math.min(width, 70))}  ${entry.what}`,
    )
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
  const { timings } = summary
  lines.push(
    '',
    `Done in ${seconds(summary.durationMs)}: chain ${seconds(timings.chainMs)}, migrations and imports ${seconds(timings.setupMs)}, blocks ${seconds(timings.processMs)}, summary ${seconds(timings.summaryMs)}.`,
  )
  return `${lines.join('\n')}\n`
}

function reusedLine(summary: MainJobSummary): string {
  const { reused, steps } = summary
  const items: string[] = []
  if (reused.chain) items.push('the saved chain')
  if (reused.files) items.push('the configuration files (unchanged)')
  if (reused.sharedMigrations && reused.modelMigrations) items.push('both databases (migrations up to date)')
  else if (reused.sharedMigrations) items.push('the shared database (migrations up to date)')
  else if (reused.modelMigrations) items.push('the model database (migrations up to date)')
  if (reused.sharedConfig && reused.modelConfig) {
    const rows = steps.imports.shared.unchanged + steps.imports.model.unchanged
    items.push(`the imported configuration (all ${format(integer, rows)} rows unchanged)`)
  }
  if (reused.blocks > 0) items.push(`${format(integer, reused.blocks)} processed blocks (skipped)`)
  if (items.length === 0) return 'Reused: nothing — everything was made by this run.'
  return `Reused: ${items.join(', ')}.`
}
