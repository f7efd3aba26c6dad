import type { S3Client } from '@aws-sdk/client-s3'
import type { BlockFileStore } from './blockFileStore'
import { createUrlRedactor } from './createUrlRedactor'
import { StoredBlockFileMissingError, StoredBlockStoreError, StoredBlocksFolderError } from './errors'
import { retryDelay } from './retryDelay'

export type CreateS3BlockFilesParameters = {
  bucket: string
  /** The key prefix of the block files (`avalanche/blocks/`); none by default. */
  prefix?: string | undefined
  /** The bucket's region; else the SDK's (AWS_REGION, the profile), else `us-east-1` with an `endpoint`. */
  region?: string | undefined
  /** An S3-compatible endpoint (MinIO, R2, a local server); AWS S3 when absent. */
  endpoint?: string | undefined
  /** Address the bucket in the path (MinIO and most S3-compatible servers). */
  forcePathStyle?: boolean | undefined
  /** Retries of a throttled (503 SlowDown, 429), 5xx or dropped request (default 5). */
  maxRetries?: number | undefined
  /** The delay before the first retry, before jitter (default 200 ms; then doubling, at most 10 s). */
  retryDelayMs?: number | undefined
  /** Told before every retry (to log it). */
  onRetry?:
    | ((event: { key: string; attempt: number; maxRetries: number; delayMs: number; reason: string }) => void)
    | undefined
}

/**
 * The block files of an S3-compatible bucket (AWS S3, MinIO, R2, …) under a
 * key prefix, through `@aws-sdk/client-s3` (loaded on first use) with the
 * SDK's default credential chain — environment, shared profile, instance or
 * task role; never a key in a file. Listing is paginated; throttling (503
 * SlowDown, 429), 5xx answers and dropped connections are retried with
 * backoff and jitter (the rpc source's `retryDelay`), other failures are not.
 * Messages name objects as `s3://bucket/key`, and the endpoint with any
 * credentials redacted.
 *
 * @example
 * ```ts
 * const files = createS3BlockFiles({ bucket: 'blocks', prefix: 'avalanche/', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true })
 * const source = createStoredBlockSource({ store: files, files: '{from:012}-{to:012}.json.gz' })
 * ```
 */
export function createS3BlockFiles(parameters: CreateS3BlockFilesParameters): BlockFileStore {
  const { bucket } = parameters
  const prefix = parameters.prefix ?? ''
  const maxRetries = parameters.maxRetries ?? 5
  const baseMs = parameters.retryDelayMs ?? 200
  const endpoint = parameters.endpoint === undefined ? undefined : createUrlRedactor(parameters.endpoint)
  const describe = (name: string) => `s3://${bucket}/${prefix}${name}`
  const location = `bucket "s3://${bucket}/${prefix}"${endpoint === undefined ? '' : ` at ${endpoint.url}`}`
  const redact = (text: string) => endpoint?.redact(text) ?? text
  let client: Promise<{ s3: S3Client; sdk: typeof import('@aws-sdk/client-s3') }> | undefined
  const open = () => {
    client ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      s3: new sdk.S3Client({
        region: parameters.region ?? (parameters.endpoint !== undefined ? 'us-east-1' : undefined),
        endpoint: parameters.endpoint,
        forcePathStyle: parameters.forcePathStyle,
        maxAttempts: 1, // retried here, with the rpc source's backoff
      }),
    }))
    return client
  }

  /** Runs `request`, retrying what is worth retrying; the final failure names `subject`. */
  const withRetries = async <T>(subject: string, key: string, request: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request()
      } catch (error) {
        const failure = classify(error)
        if (failure.kind === 'missing') throw error
        if (failure.kind === 'retryable' && attempt <= maxRetries) {
          const delayMs = retryDelay({ attempt, baseMs, maxMs: 10_000 })
          parameters.onRetry?.({ key, attempt, maxRetries, delayMs, reason: redact(failure.reason) })
          await new Promise((resolve) => setTimeout(resolve, delayMs))
          continue
        }
        throw new StoredBlockStoreError({
          subject,
          attempts: attempt,
          retryable: failure.kind === 'retryable',
          reason: redact(failure.reason),
        })
      }
    }
  }

  return {
    location,
    describe,
    async list() {
      const { s3, sdk } = await open()
      const names: string[] = []
      let token: string | undefined
      do {
        const page = await withRetries(`listing ${location}`, prefix, () =>
          s3.send(new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token })),
        ).catch((error) => {
          if (classify(error).kind === 'missing')
            throw new StoredBlocksFolderError({ location, problem: 'does not exist' })
          throw error
        })
        for (const object of page.Contents ?? []) {
          const name = object.Key?.slice(prefix.length)
          if (name !== undefined && name !== '' && !name.includes('/')) names.push(name)
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined
      } while (token !== undefined)
      return names
    },
    async read(name) {
      const { s3, sdk } = await open()
      const key = `${prefix}${name}`
      try {
        return await withRetries(`reading "${describe(name)}"`, key, async () => {
          const object = await s3.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }))
          // A body cut off mid-way is a dropped connection: read inside the retry.
          return object.Body!.transformToByteArray()
        })
      } catch (error) {
        if (classify(error).kind === 'missing')
          throw new StoredBlockFileMissingError({ file: describe(name) })
        throw error
      }
    },
    async close() {
      if (client !== undefined) (await client).s3.destroy()
    },
  }
}

type Failure = { kind: 'missing' | 'retryable' | 'fatal'; reason: string }

/** What an S3 failure is: a missing object or bucket, worth retrying (throttling, 5xx, network), or final. */
function classify(error: unknown): Failure {
  const e = error as {
    name?: string
    message?: string
    code?: string
    $metadata?: { httpStatusCode?: number }
  }
  const status = e.$metadata?.httpStatusCode
  const reason = `${status === undefined ? '' : `HTTP ${status} `}${e.name ?? 'Error'}${e.message ? `: ${e.message}` : ''}`
  if (e.name === 'NoSuchKey' || e.name === 'NoSuchBucket' || e.name === 'NotFound' || status === 404)
    return { kind: 'missing', reason }
  if (status === 429 || status === 503 || (status !== undefined && status >= 500))
    return { kind: 'retryable', reason }
  if (e.name === 'SlowDown' || e.name === 'ThrottlingException' || e.name === 'RequestTimeout')
    return { kind: 'retryable', reason }
  // No HTTP answer at all: a refused, reset or timed-out connection.
  if (
    status === undefined &&
    /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|socket hang up|TimeoutError|aborted/i.test(
      `${e.code} ${e.name} ${e.message}`,
    )
  )
    return { kind: 'retryable', reason }
  return { kind: 'fatal', reason }
}
