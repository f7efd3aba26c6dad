// Stored block files in an S3 bucket: a real S3-protocol server (s3rver, from
// @idx/testkit) on 127.0.0.1, a bucket of range files made from a chain the
// test ran on anvil, read through @aws-sdk/client-s3 — compared with the RPC
// source, with its failures named by bucket and key, and its throttling retried.

import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { BaseError } from '@idx/config'
import { type S3Server, startS3Server } from '@idx/testkit'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createModelSource } from '../process/createModelSource'
import { type ArchiveFile, archiveFiles } from './_test/archive'
import { startTestChain, type TestChain } from './_test/chain'
import { createRpcSource, type RpcSource } from './createRpcSource'
import { createS3BlockFiles } from './createS3BlockFiles'
import { createStoredBlockSource } from './createStoredBlockSource'
import { StoredBlockFileMissingError, StoredBlockStoreError } from './errors'

const BUCKET = 'blocks'
const GZ = 'avalanche-mainnet_block_with_receipts_{from:012}-{to:012}.json.gz'
const LINES = '{from}-{to}.jsonl'

let chain: TestChain
let rpc: RpcSource
let s3: S3Server
let client: S3Client
let gz: ArchiveFile[]
const saved = { ...process.env }

const put = (key: string, body: Uint8Array) =>
  client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }))

beforeAll(async () => {
  chain = await startTestChain({ blocks: 8, seed: 3 })
  rpc = createRpcSource({ url: chain.anvil.rpcUrl })
  s3 = await startS3Server({ buckets: [BUCKET] })
  // The SDK's default credential chain: here, the environment.
  process.env.AWS_ACCESS_KEY_ID = s3.credentials.accessKeyId
  process.env.AWS_SECRET_ACCESS_KEY = s3.credentials.secretAccessKey
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
  client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true })
  const { from, to } = chain
  gz = await archiveFiles(chain.client, { from, to, pattern: GZ, size: 4 })
  for (const file of gz) await put(`gz/${file.name}`, file.bytes)
  for (const file of await archiveFiles(chain.client, { from, to, pattern: LINES, size: 3 }))
    await put(`lines/${file.name}`, file.bytes)
  await put('gz/README.txt', new TextEncoder().encode('not a block file'))
  await put('gz/nested/0-1.json.gz', gz[0]!.bytes) // below the prefix's level: not an archive file
})
afterAll(async () => {
  client?.destroy()
  await s3?.stop()
  await rpc?.close()
  await chain?.stop()
  process.env = saved
})

const bucketSource = (
  prefix: string,
  files: string,
  options: Parameters<typeof createS3BlockFiles>[0] | object = {},
) =>
  createStoredBlockSource({
    store: createS3BlockFiles({
      bucket: BUCKET,
      prefix,
      endpoint: s3.endpoint,
      forcePathStyle: true,
      retryDelayMs: 5,
      ...options,
    }),
    files,
    prefetch: 2,
  })

test.each([
  ['gz/', GZ],
  ['lines/', LINES],
])('default: the range files under %s yield what the RPC source yields', async (prefix, files) => {
  const { from, to, addresses } = chain
  const stored = bucketSource(prefix, files)
  try {
    expect(await stored.getHead()).toBe(to)
    expect(await stored.present(from, to)).toEqual([{ from, to }])
    expect(await stored.getBlocks({ from, to, addresses })).toEqual(
      await rpc.getBlocks({ from, to, addresses }),
    )
    expect(await stored.getHeader(to)).toEqual(await rpc.getHeader(to))
  } finally {
    await stored.close()
  }
})

test('behavior: the source a model configures (the settings import stores) reads the bucket', async () => {
  const { from, to, addresses } = chain
  const created = createModelSource({
    sources: [
      {
        name: 'archive',
        type: 'stored_blocks',
        settings: {
          s3: { bucket: BUCKET, prefix: 'gz/', endpoint: s3.endpoint, force_path_style: true },
          files: GZ,
          prefetch: 3,
        },
      },
    ],
    env: {},
  })
  try {
    expect(created.type).toBe('stored_blocks')
    expect(await created.source.getBlocks({ from, to, addresses })).toEqual(
      await rpc.getBlocks({ from, to, addresses }),
    )
  } finally {
    await created.source.close?.()
  }
})

describe('retries', () => {
  test('behavior: throttling (503 SlowDown, 429) and 5xx are retried with backoff', async () => {
    const { from, to, addresses } = chain
    const retries: { key: string; attempt: number; reason: string }[] = []
    const stored = bucketSource('gz/', GZ, {
      onRetry: (event: (typeof retries)[number]) => retries.push(event),
    })
    try {
      s3.fail({ status: 503, count: 2, match: /\.json\.gz/ })
      s3.fail({ status: 429, code: 'TooManyRequests', count: 1, match: /\.json\.gz/ })
      s3.fail({ status: 500, count: 1, match: /list-type=2/ })
      expect(await stored.getBlocks({ from, to, addresses })).toEqual(
        await rpc.getBlocks({ from, to, addresses }),
      )
      expect(retries.map((retry) => retry.reason.split(':')[0])).toEqual(
        expect.arrayContaining(['HTTP 503 SlowDown', 'HTTP 429 TooManyRequests', 'HTTP 500 InternalError']),
      )
      expect(retries).toHaveLength(4)
    } finally {
      await stored.close()
    }
  })

  test('error: a store that keeps throttling fails after the retries, naming the object', async () => {
    const stored = bucketSource('gz/', GZ, { maxRetries: 2 })
    try {
      await stored.present(chain.from, chain.to) // listed first
      s3.fail({ status: 503, count: 3, match: new RegExp(gz[0]!.name.replaceAll('.', '\\.')) })
      const error = await stored
        .getBlocks({ from: chain.from, to: chain.from, addresses: [] })
        .catch((e) => e)
      expect(error).toBeInstanceOf(StoredBlockStoreError)
      expect(error.shortMessage).toBe(
        `Reading "s3://${BUCKET}/gz/${gz[0]!.name}" failed after 3 attempts: HTTP 503 SlowDown: Injected by the test server..`,
      )
    } finally {
      await stored.close()
    }
  })

  test('error: access denied is not retried', async () => {
    const stored = bucketSource('gz/', GZ)
    try {
      const before = s3.requests.length
      s3.fail({ status: 403, code: 'AccessDenied', count: 1, match: /list-type=2/ })
      const error = await stored.getHead().catch((e) => e)
      expect(error).toBeInstanceOf(StoredBlockStoreError)
      expect(error.shortMessage).toBe(
        `Listing bucket "s3://${BUCKET}/gz/" at ${s3.endpoint}/ was refused: HTTP 403 AccessDenied: Injected by the test server..`,
      )
      expect(s3.requests.length - before).toBe(1)
    } finally {
      await stored.close()
    }
  })
})

describe('error', () => {
  /** A prefix holding the gzip files, with `mutate` applied to one of them. */
  const withBadObject = async (prefix: string, mutate: (files: ArchiveFile[]) => void) => {
    const files = gz.map((file) => ({ ...file }))
    mutate(files)
    for (const file of files) await put(`${prefix}${file.name}`, file.bytes)
    return bucketSource(prefix, GZ)
  }
  const messageOf = async (source: ReturnType<typeof bucketSource>) => {
    try {
      const error = await source
        .getBlocks({ from: chain.from, to: chain.to, addresses: chain.addresses })
        .catch((e) => e)
      expect(error).toBeInstanceOf(BaseError)
      return (error as BaseError).shortMessage
    } finally {
      await source.close()
    }
  }

  test('a truncated gzip object', async () => {
    const source = await withBadObject('truncated/', (files) => {
      files[1]!.bytes = files[1]!.bytes.slice(0, -16)
    })
    expect(await messageOf(source)).toBe(
      `The stored block file "s3://${BUCKET}/truncated/${gz[1]!.name}" is not a whole gzip file (unexpected end of file).`,
    )
  })

  test('a corrupt object', async () => {
    const source = await withBadObject('corrupt/', (files) => {
      files[0]!.bytes = new TextEncoder().encode('[{"number": "0x1", "hash": ')
    })
    expect(await messageOf(source)).toMatch(
      new RegExp(
        `^The stored block file "s3://${BUCKET}/corrupt/${gz[0]!.name.replaceAll('.', '\\.')}" is not valid JSON: `,
      ),
    )
  })

  test('an object whose blocks disagree with its name', async () => {
    const source = await withBadObject('mismatch/', (files) => {
      files[1]!.bytes = files[0]!.bytes
    })
    expect(await messageOf(source)).toBe(
      `The stored block file "s3://${BUCKET}/mismatch/${gz[1]!.name}" holds block "${gz[0]!.from}", outside the blocks "${gz[1]!.from}" to "${gz[1]!.to}" its name says.`,
    )
  })

  test('an object listed, then gone when it is read', async () => {
    const source = await withBadObject('gone/', () => {})
    await source.present(chain.from, chain.to)
    await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: `gone/${gz[2]!.name}` }))
    const error = await source.getBlocks({ from: chain.from, to: chain.to, addresses: [] }).catch((e) => e)
    await source.close()
    expect(error).toBeInstanceOf(StoredBlockFileMissingError)
    expect(error.shortMessage).toBe(
      `The stored block file "s3://${BUCKET}/gone/${gz[2]!.name}" does not exist (any more).`,
    )
  })

  test('a bucket that does not exist', async () => {
    const source = createStoredBlockSource({
      store: createS3BlockFiles({ bucket: 'no-such-bucket', endpoint: s3.endpoint, forcePathStyle: true }),
    })
    const error = await source.getHead().catch((e) => e)
    await source.close()
    expect(error.shortMessage).toBe(
      `The stored-blocks bucket "s3://no-such-bucket/" at ${s3.endpoint}/ does not exist.`,
    )
  })
})
