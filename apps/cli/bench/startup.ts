// `pnpm bench:startup`: how long `idx --version` and `idx --help` take to
// answer, built (apps/cli/dist, after `pnpm --filter @idx/cli build`) and
// from source (the TypeScript through tsx, as `pnpm idx` runs it in the
// workspace). Ten runs of each, in fresh processes; prints the median, the
// fastest and the slowest. Asserts nothing.
//
// Options: --runs N (default 10).

import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const cli = fileURLToPath(new URL('..', import.meta.url))
const flag = process.argv.indexOf('--runs')
const runs = flag === -1 ? 10 : Number(process.argv[flag + 1])

type Way = { name: string; command: string; args: string[] }
const ways: Way[] = []
const dist = `${cli}dist/bin.js`
if (existsSync(dist)) ways.push({ name: 'built (node dist/bin.js)', command: process.execPath, args: [dist] })
else console.log('No build in apps/cli/dist: run `pnpm --filter @idx/cli build` to time it too.')
ways.push({
  name: 'from source (tsx)',
  command: process.execPath,
  args: ['--conditions=@idx/source', '--import', 'tsx', `${cli}src/bin.ts`],
})
const launcher = `${cli}bin/idx.js`
if (existsSync(launcher))
  ways.push({ name: 'bin/idx.js (pnpm idx)', command: process.execPath, args: [launcher] })

const ms = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const median = sorted[Math.floor(sorted.length / 2)]!
  return `median ${(median / 1000).toFixed(3)} s  (fastest ${(sorted[0]! / 1000).toFixed(3)} s, slowest ${(sorted.at(-1)! / 1000).toFixed(3)} s)`
}

for (const args of [['--version'], ['--help'], ['process', '--help']]) {
  for (const way of ways) {
    const times: number[] = []
    for (let i = 0; i < runs; i++) {
      const started = performance.now()
      const result = spawnSync(way.command, [...way.args, ...args], { cwd: cli, encoding: 'utf8' })
      times.push(performance.now() - started)
      if (result.status !== 0) throw new Error(`${way.name} ${args.join(' ')} failed: ${result.stderr}`)
    }
    console.log(`idx ${args.join(' ').padEnd(16)} ${way.name.padEnd(26)} ${ms(times)}`)
  }
}
