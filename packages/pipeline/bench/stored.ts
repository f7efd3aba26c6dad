// `pnpm bench:stored`: blocks/s read from range files in an S3 bucket (a real
// S3-protocol server on 127.0.0.1, @idx/testkit's startS3Server) against the
// rpc source on the same anvil chain. The chain is built once; the bucket
// holds its blocks as the original system's range files
// (avalanche-mainnet_block_with_receipts_{from:012}-{to:012}.json.gz, 100
// blocks each, block with receipts). Each source fetches the whole range in
// batches of 100 blocks, the market's contracts tracked, as runRange asks; a
// fresh source per run (no file cached). Prints the median of the runs and
// asserts nothing. Anvil, the S3 server and this script share the machine.
//
//   pnpm bench:stored [blocks] [swapsPerBlock] [runs]     (default 400 8 3)

import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { createTestkitClient, deployMarket, generateActivity, startAnvil, startS3Server } from '@idx/testkit'
import type { Address } from 'viem'
import { archiveFiles } from '../src/source/_test/archive'
import { createRpcSource } from '../src/source/createRpcSource'
import { createS3BlockFiles } from '../src/source/createS3BlockFiles'
import { createStoredBlockSource } from '../src/source/createStoredBlockSource'
import type { BlockSource } from '../src/source/types'

const blocks = Number(process.argv[2] ?? 400)
const swapsPerBlock = Number(process.argv[3] ?? 8)
const runs = Number(process.argv[4] ?? 3)
const BATCH = 100n
const PATTERN = 'avalanche-mainnet_block_with_receipts_{from:012}-{to:012}.json.gz'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
const anvil = await startAnvil()
const s3 = await startS3Server({ buckets: ['blocks'] })
process.env.AWS_ACCESS_KEY_ID = s3.credentials.accessKeyId
process.env.AWS_SECRET_ACCESS_KEY = s3.credentials.secretAccessKey
try {
  const client = createTestkitClient({ rpcUrl: anvil.rpcUrl })
  const market = await deployMarket(client)
  const activity = await generateActivity(client, { market, blocks, swapsPerBlock, seed: 1 })
  const { fromBlock: from, toBlock: to } = activity
  const addresses: Address[] = [
    market.tokens.wavax,
    market.tokens.blub,
    market.tokens.usdc,
    market.pairs.blubWavax.address,
    market.pairs.wavaxUsdc.address,
    market.aggregator,
  ]
  const total = Number(to - from + 1n)
  const files = await archiveFiles(client, { from, to, pattern: PATTERN, size: Number(BATCH) })
  const s3Client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true })
  for (const file of files)
    await s3Client.send(
      new PutObjectCommand({ Bucket: 'blocks', Key: `avalanche/${file.name}`, Body: file.bytes }),
    )
  s3Client.destroy()
  const bytes = files.reduce((sum, file) => sum + file.bytes.length, 0)
  console.log(
    `chain: blocks ${from}..${to} (${total}), ${activity.counts.transactions} transactions; bucket: ${files.length} gzip range files, ${(bytes / 1024 / 1024).toFixed(1)} MiB`,
  )

  const measure = async (label: string, open: () => BlockSource) => {
    const times: number[] = []
    let logs = 0
    for (let run = 0; run < runs; run++) {
      const source = open()
      const started = performance.now()
      logs = 0
      for (let start = from; start <= to; start += BATCH) {
        const end = start + BATCH - 1n > to ? to : start + BATCH - 1n
        for (const block of await source.getBlocks({ from: start, to: end, addresses }))
          logs += block.logs.length
      }
      times.push(performance.now() - started)
      await source.close?.()
    }
    const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!
    console.log(
      `${label.padEnd(44)} ${`${Math.round(total / (median / 1000))}`.padStart(6)} blocks/s  (median of ${runs}: ${(median / 1000).toFixed(2)} s; ${logs} logs)`,
    )
  }

  await measure('rpc source (anvil, batches of 100)', () => createRpcSource({ url: anvil.rpcUrl }))
  for (const prefetch of [1, 4])
    await measure(`stored_blocks, S3 bucket (prefetch ${prefetch})`, () =>
      createStoredBlockSource({
        store: createS3BlockFiles({
          bucket: 'blocks',
          prefix: 'avalanche/',
          endpoint: s3.endpoint,
          forcePathStyle: true,
        }),
        files: PATTERN,
        prefetch,
      }),
    )
} finally {
  await s3.stop()
  await anvil.stop()
}
