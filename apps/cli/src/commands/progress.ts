import { createRequire } from 'node:module'
import type { Logger as PinoLogger } from 'pino'
import type { CliContext } from '../context'

// pino is loaded only for --log-format json (tens of milliseconds at start otherwise, before the first block).
const loadPino = () => createRequire(import.meta.url)('pino') as typeof import('pino')

/** Where a long command reports as it goes: a progress bar, text lines or JSON lines, on stderr. */
export type ProgressMode = 'bar' | 'text' | 'json'

/**
 * A terminal gets a one-line bar rewritten in place; anything else (a pipe, a
 * log file, a supervisor) plain log lines — or, with `--log-format json`, one
 * JSON object per line. An explicit `--log-format` always means lines.
 */
export function progressMode(ctx: CliContext): ProgressMode {
  if (ctx.options.logFormat === 'json') return 'json'
  if (ctx.options.logFormat === 'text') return 'text'
  return ctx.io.stderr.isTTY ? 'bar' : 'text'
}

/** One log event of a long command: a message, and fields. */
export type LogEvent = { msg: string; [field: string]: unknown }

export type Logger = {
  mode: ProgressMode
  /** A log line: text (`time message`) or one JSON object; on a terminal, printed above the bar. */
  log: (event: LogEvent, text?: string) => void
  /** Replaces the bar (a terminal only; a no-op otherwise). */
  bar: (line: string) => void
  /** Ends the bar's line, if one is drawn. */
  end: () => void
}

/** A logger writing to the command's stderr. */
export function createLogger(ctx: CliContext, now: () => Date = () => new Date()): Logger {
  const mode = progressMode(ctx)
  const out = ctx.io.stderr
  const json = mode === 'json' ? createJsonLines(out, now) : undefined
  let drawn = ''
  const clear = () => {
    if (drawn !== '') out.write('\r\u001b[K')
  }
  return {
    mode,
    log: (event, text) => {
      if (json !== undefined) {
        // The message goes in as a field, so it stays before the event's fields (tests and scripts match on that).
        json.info(event)
        return
      }
      const line = text ?? event.msg
      if (mode === 'bar') {
        clear()
        out.write(`${line}\n`)
        if (drawn !== '') out.write(drawn)
        return
      }
      out.write(`${now().toISOString()} ${line}\n`)
    },
    bar: (line) => {
      if (mode !== 'bar') return
      out.write(`\r${line}\u001b[K`)
      drawn = line
    },
    end: () => {
      if (mode === 'bar' && drawn !== '') out.write('\n')
      drawn = ''
    },
  }
}

/**
 * JSON log lines through pino: `{"level":"info","time":"<ISO 8601>","msg":…,…fields}`
 * one object a line, written synchronously to `out`; bigints (block numbers)
 * as strings, as everywhere in idx's JSON.
 */
function createJsonLines(out: { write: (text: string) => unknown }, now: () => Date): PinoLogger {
  return loadPino().pino(
    {
      base: undefined,
      timestamp: () => `,"time":"${now().toISOString()}"`,
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => bigintsAsStrings(fields) as Record<string, unknown>,
      },
    },
    { write: (line: string) => out.write(line) },
  )
}

function bigintsAsStrings(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (Array.isArray(value)) return value.map(bigintsAsStrings)
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, bigintsAsStrings(field)]))
  return value
}

export type RangeTicker = {
  /** Reports this run's progress: the bar is redrawn, a log line written at most every `everyMs` (always when `force`). */
  update: (progress: TickerProgress, force?: boolean) => void
}

export type TickerProgress = {
  /** Blocks this run wrote or marked failed. */
  processed: number
  failed: number
  /** Blocks already done before the run. */
  skipped: number
  total: number
  logs: number
  lastBlock: bigint | undefined
}

/** Progress of a block range: a bar with blocks/s and ETA on a terminal, periodic lines elsewhere. */
export function createRangeTicker(
  logger: Logger,
  options: { label: string; everyMs?: number; now?: () => number },
): RangeTicker {
  const now = options.now ?? (() => performance.now())
  const started = now()
  const everyMs = options.everyMs ?? 5_000
  let lastLine = started
  let lastBar = -Infinity
  return {
    update: (progress, force = false) => {
      const t = now()
      const elapsed = (t - started) / 1000
      const rate = elapsed > 0 ? progress.processed / elapsed : 0
      const remaining = Math.max(0, progress.total - progress.skipped - progress.processed)
      const eta = remaining === 0 ? 0 : rate > 0 ? remaining / rate : undefined
      const done = progress.skipped + progress.processed
      const fraction = progress.total > 0 ? done / progress.total : 1
      if (logger.mode === 'bar') {
        if (!force && t - lastBar < 100) return
        lastBar = t
        const width = 24
        const filled = Math.round(fraction * width)
        const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`
        logger.bar(
          `${options.label} [${bar}] ${percent(fraction)} ${count(done)}/${count(progress.total)} blocks · ${count(Math.round(rate))} blocks/s · ETA ${duration(eta)}${progress.failed > 0 ? ` · ${count(progress.failed)} failed` : ''}`,
        )
        return
      }
      if (!force && t - lastLine < everyMs) return
      lastLine = t
      logger.log(
        {
          msg: 'progress',
          done,
          processed: progress.processed,
          skipped: progress.skipped,
          failed: progress.failed,
          total: progress.total,
          logs: progress.logs,
          lastBlock: progress.lastBlock,
          blocksPerSecond: Math.round(rate * 10) / 10,
          etaSeconds: eta === undefined ? null : Math.ceil(eta),
        },
        `${options.label}: ${count(done)}/${count(progress.total)} blocks (${percent(fraction)}), ${count(Math.round(rate))} blocks/s, ETA ${duration(eta)}${progress.lastBlock === undefined ? '' : `, at block ${progress.lastBlock}`}${progress.failed > 0 ? `, ${count(progress.failed)} failed` : ''}`,
      )
    },
  }
}

export const count = (n: number) => n.toLocaleString('en-US')

/** `1 trade`, `2 trades`, `1,200 blocks`. */
export const plural = (n: number, noun: string, nouns = `${noun}s`) => `${count(n)} ${n === 1 ? noun : nouns}`

const percent = (fraction: number) => `${Math.floor(fraction * 100)}%`.padStart(4)

/** `1m05s`, `12s`, `2h03m`; `?` when unknown. */
export function duration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '?'
  const s = Math.ceil(seconds)
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
}

/** Runs of consecutive blocks, written `A–B` (or `A`), comma-separated: at most `limit` runs, then how many more. */
export function blockRuns(runs: readonly { from: bigint; to: bigint }[], limit = 10): string {
  const shown = runs
    .slice(0, limit)
    .map((run) => (run.from === run.to ? `${run.from}` : `${run.from}–${run.to}`))
  return runs.length > limit
    ? `${shown.join(', ')} and ${count(runs.length - limit)} more runs`
    : shown.join(', ')
}
