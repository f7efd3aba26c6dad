// Measures generateActivity: `pnpm --filter @idx/testkit bench:activity [blocks] [swapsPerBlock] [router|direct]`
// (default 1,100 blocks × 8 swaps through the router).
import { createTestkitClient, deployMarket, generateActivity, startAnvil } from '../src/index'

const blocks = Number(process.argv[2] ?? 1_100)
const swapsPerBlock = Number(process.argv[3] ?? 8)
const via = (process.argv[4] ?? 'router') as 'router' | 'direct'

const anvil = await startAnvil()
try {
  const client = createTestkitClient({ rpcUrl: anvil.rpcUrl })
  const deployStarted = performance.now()
  const market = await deployMarket(client)
  const deployMs = Math.round(performance.now() - deployStarted)
  const activity = await generateActivity(client, { market, blocks, swapsPerBlock, via, seed: 1 })
  const perBlock = (activity.durationMs / blocks).toFixed(1)
  console.log(
    `deployMarket: ${deployMs} ms; generateActivity (${via}): ${blocks} blocks × ${swapsPerBlock} swaps in ${activity.durationMs} ms (${perBlock} ms/block)`,
  )
  console.log(activity.counts)
} finally {
  await anvil.stop()
}
