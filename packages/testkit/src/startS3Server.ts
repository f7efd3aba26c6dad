/// <reference path="./s3rver.d.ts" />
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'

export type S3Fault = {
  /** The HTTP status to answer (503 with `SlowDown` is S3's throttling; 429, 500 …). */
  status: number
  /** The S3 error code in the XML body (default `SlowDown` for 503, `InternalError` otherwise). */
  code?: string | undefined
}

export type StartS3ServerParameters = {
  /** Buckets to create (empty). */
  buckets?: readonly string[] | undefined
}

export type S3Server = {
  /** `http://127.0.0.1:<port>`: the endpoint for an S3 client (path-style addressing). */
  endpoint: string
  /** The credentials the server accepts (s3rver's): set them as AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. */
  credentials: { accessKeyId: string; secretAccessKey: string }
  /** Every request it answered: method and path (`GET /bucket/key`), and the fault injected, if any. */
  requests: { method: string; path: string; fault: number | undefined }[]
  /** Answers the next `count` requests whose path matches `match` with `fault` instead of serving them. */
  fail(fault: S3Fault & { count: number; match?: RegExp | undefined }): void
  stop(): Promise<void>
}

/**
 * Starts a real S3-protocol server on 127.0.0.1 (a free port): `s3rver`, pure
 * JavaScript, storing objects in a temporary folder removed by `stop()`. It
 * checks request signatures against its own credentials (`S3RVER`/`S3RVER`).
 * `fail()` makes it answer some requests as a throttled or failing S3 does
 * (503 SlowDown, 429, 5xx), for retry tests.
 *
 * @example
 * ```ts
 * const s3 = await startS3Server({ buckets: ['blocks'] })
 * const client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: s3.credentials })
 * await s3.stop()
 * ```
 */
export async function startS3Server(parameters: StartS3ServerParameters = {}): Promise<S3Server> {
  const { default: S3rver } = await import('s3rver')
  const directory = await mkdtemp(path.join(tmpdir(), 'idx-s3-'))
  const s3rver = new S3rver({
    directory,
    silent: true,
    vhostBuckets: false,
    configureBuckets: (parameters.buckets ?? []).map((name) => ({ name })),
  })
  await s3rver.configureBuckets()
  const app = s3rver.callback()
  const requests: S3Server['requests'] = []
  const faults: (S3Fault & { count: number; match?: RegExp | undefined })[] = []
  const sockets = new Set<Socket>()
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = request.url ?? '/'
    const fault = faults.find((candidate) => candidate.count > 0 && (candidate.match?.test(url) ?? true))
    requests.push({ method: request.method ?? 'GET', path: url, fault: fault?.status })
    if (fault === undefined) return app(request, response)
    fault.count--
    const code = fault.code ?? (fault.status === 503 ? 'SlowDown' : 'InternalError')
    request.resume()
    response.writeHead(fault.status, { 'content-type': 'application/xml' })
    response.end(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>Injected by the test server.</Message><RequestId>test</RequestId></Error>`,
    )
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requests,
    fail: (fault) => faults.push({ ...fault }),
    stop: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await rm(directory, { recursive: true, force: true })
    },
  }
}
