// `pnpm bench:config-limits`: what refusing an oversized configuration file
// costs. Writes a 50 MB shared file (valid YAML: tokens, over and over) and
// loads it in a fresh process twice: with idx's default size limit (refused
// before it is read) and with the limit lifted (read, parsed and checked in
// full, as idx did before it had a limit). Prints each run's time and peak
// memory; asserts nothing.
//
// Options: --megabytes N (default 50).

import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadSharedConfig } from '../src/index'

const [mode, file] = process.argv.slice(2)
if (mode === '--child') {
  // One load, in this process: report how it ended, its time and the process's peak RSS.
  const limit = process.env.NO_LIMIT === '1' ? Number.POSITIVE_INFINITY : undefined
  const started = performance.now()
  let outcome: string
  try {
    await loadSharedConfig(file!, { maxBytes: limit })
    outcome = 'loaded'
  } catch (error) {
    outcome = (error as Error).message.split('\n')[0]!.slice(0, 110)
  }
  const ms = performance.now() - started
  process.stdout.write(JSON.stringify({ ms, peakMb: process.resourceUsage().maxRSS / 1024, outcome }))
  process.exit(0)
}

const flag = process.argv.indexOf('--megabytes')
const megabytes = flag === -1 ? 50 : Number(process.argv[flag + 1])
const dir = mkdtempSync(path.join(tmpdir(), 'idx-bench-limits-'))
const target = path.join(dir, 'shared_v1_0.yaml')
try {
  const head = [
    'config_version: "1.0"',
    'chain: { id: 43114, name: Avalanche C-Chain, native_symbol: AVAX }',
    'price_feeds:',
    '  avax_usd: { address: "0x0a77230d17318075983913bc2145db16c7366156", heartbeat_seconds: 86400 }',
    'tokens:',
    '',
  ].join('\n')
  const token = (i: number) =>
    `  - { address: "0x${i.toString(16).padStart(40, '0')}", symbol: T${i}, name: Token ${i}, decimals: 18, type: erc20 }\n`
  const parts: string[] = [head]
  let size = head.length
  for (let i = 1; size < megabytes * 1024 * 1024; i++) {
    const line = token(i)
    parts.push(line)
    size += line.length
  }
  writeFileSync(target, parts.join(''))
  console.log(
    `A shared file of ${(statSync(target).size / 1024 / 1024).toFixed(1)} MB (${parts.length - 1} tokens).`,
  )
  const script = fileURLToPath(import.meta.url)
  for (const [label, noLimit] of [
    ['default limit (8 MiB)', '0'],
    ['no limit (idx before the limit)', '1'],
  ] as const) {
    const child = spawnSync(
      process.execPath,
      ['--conditions=@idx/source', '--import', 'tsx', script, '--child', target],
      { env: { ...process.env, NO_LIMIT: noLimit }, encoding: 'utf8', maxBuffer: 1 << 20 },
    )
    if (child.status !== 0) {
      console.log(
        `${label}: the process failed (${child.signal ?? child.status}): ${child.stderr.slice(-300)}`,
      )
      continue
    }
    const run = JSON.parse(child.stdout) as { ms: number; peakMb: number; outcome: string }
    console.log(
      `${label.padEnd(34)} ${(run.ms / 1000).toFixed(3).padStart(8)} s  peak RSS ${run.peakMb.toFixed(0).padStart(5)} MB  ${run.outcome}`,
    )
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
