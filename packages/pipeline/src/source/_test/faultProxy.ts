// Test-only: a small HTTP proxy in front of a JSON-RPC node (anvil) that injects
// the failures real RPC providers produce — HTTP 429 and 500, dropped
// connections, truncated and slow answers, errors inside a batch, refused
// getLogs ranges — chosen by a seeded random source, and records every request
// it sees (its arrival time and calls) so tests can count them.
//
// Bound to 127.0.0.1 only, and bounded: request bodies up to 1 MiB, at most 64
// connections, delays capped at 10 s; close() ends every connection and timer.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { createRandom } from '@idx/testkit'

export type FaultKind = 'status429' | 'status500' | 'drop' | 'truncate' | 'slow' | 'callError429'

export type FaultProxyParameters = {
  /** The node's URL. */
  target: string
  /** Seed of the random choice of faults (default 1). */
  seed?: number | undefined
  /** The probability of each fault, per HTTP request (`callError429`: per call of a batch). */
  faults?: Partial<Record<FaultKind, number>> | undefined
  /** How long a `slow` answer is held before it is sent (default 2,000 ms, at most 10,000). */
  slowMs?: number | undefined
  /** Refuse `eth_getLogs` calls over more blocks than this, as providers do. */
  maxLogRange?: number | undefined
  /** The error a refused `eth_getLogs` range gets (default: -32005 "query returned more than 10000 results"). */
  logRangeError?: { code: number; message: string } | undefined
  /** Answer every call of this method with this JSON-RPC error. */
  callError?: { method: string; error: { code: number; message: string } } | undefined
  /** Answer every request with this HTTP status and body, never reaching the node. */
  refuse?: { status: number; body: string } | undefined
  /** From the `request`-th request on (1-based), answer as `refuse` does: the node "goes down" mid-run. */
  refuseFrom?: { request: number; status: number; body: string } | undefined
}

export type ProxiedRequest = {
  /** Arrival time, `performance.now()`. */
  at: number
  calls: { method: string; params: unknown[] }[]
  fault: FaultKind | undefined
}

export type FaultProxy = {
  url: string
  requests: ProxiedRequest[]
  /** How many of each fault were injected. */
  injected: Record<FaultKind, number>
  /** From now on, answer every request with this status and body (the node "goes down"); `undefined` lets them through again. */
  refuse(refusal: { status: number; body: string } | undefined): void
  close(): Promise<void>
}

const MAX_BODY = 1024 * 1024
const HTTP_FAULTS = ['status429', 'status500', 'drop', 'truncate', 'slow'] as const

export async function startFaultProxy(options: FaultProxyParameters): Promise<FaultProxy> {
  const parameters = { ...options }
  const random = createRandom(parameters.seed ?? 1)
  const faults = parameters.faults ?? {}
  const slowMs = Math.min(parameters.slowMs ?? 2_000, 10_000)
  const requests: ProxiedRequest[] = []
  const injected: Record<FaultKind, number> = {
    status429: 0,
    status500: 0,
    drop: 0,
    truncate: 0,
    slow: 0,
    callError429: 0,
  }
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  let closed = false

  const pickFault = (): FaultKind | undefined => {
    const draw = random.next()
    let edge = 0
    for (const kind of HTTP_FAULTS) {
      edge += faults[kind] ?? 0
      if (draw < edge) return kind
    }
    return undefined
  }

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of request) {
      size += (chunk as Buffer).length
      if (size > MAX_BODY) {
        response.writeHead(413).end()
        return
      }
      chunks.push(chunk as Buffer)
    }
    const text = Buffer.concat(chunks).toString('utf8')
    const parsed = JSON.parse(text) as unknown
    const batch = (Array.isArray(parsed) ? parsed : [parsed]) as {
      id: number
      method: string
      params: unknown[]
    }[]
    if (parameters.refuseFrom !== undefined && requests.length + 1 >= parameters.refuseFrom.request)
      parameters.refuse = parameters.refuseFrom
    const fault = parameters.refuse ? undefined : pickFault()
    requests.push({
      at: performance.now(),
      calls: batch.map(({ method, params }) => ({ method, params })),
      fault,
    })
    if (fault) injected[fault]++

    if (parameters.refuse) {
      response
        .writeHead(parameters.refuse.status, { 'content-type': 'text/plain' })
        .end(parameters.refuse.body)
      return
    }
    if (fault === 'status429') {
      response
        .writeHead(429, { 'content-type': 'application/json' })
        .end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: 429, message: 'Too Many Requests' } }))
      return
    }
    if (fault === 'status500') {
      response.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error')
      return
    }
    if (fault === 'drop') {
      request.socket.destroy()
      return
    }

    const upstream = await fetch(parameters.target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: text,
    })
    let answer = await upstream.text()

    // Per-call rewrites: refused getLogs ranges, errors of one method, 429s inside a batch.
    const errors = new Map<number, { code: number; message: string }>()
    for (const call of batch) {
      if (parameters.callError && call.method === parameters.callError.method)
        errors.set(call.id, parameters.callError.error)
      else if (parameters.maxLogRange !== undefined && call.method === 'eth_getLogs') {
        const filter = call.params[0] as { fromBlock: string; toBlock: string }
        const blocks = Number(BigInt(filter.toBlock) - BigInt(filter.fromBlock)) + 1
        if (blocks > parameters.maxLogRange)
          errors.set(
            call.id,
            parameters.logRangeError ?? { code: -32005, message: 'query returned more than 10000 results' },
          )
      } else if (random.next() < (faults.callError429 ?? 0)) {
        injected.callError429++
        errors.set(call.id, { code: 429, message: 'Too many requests, please slow down' })
      }
    }
    if (errors.size > 0) {
      const answers = JSON.parse(answer) as { id: number }[]
      const rewritten = (Array.isArray(answers) ? answers : [answers]).map((item) =>
        errors.has(item.id) ? { jsonrpc: '2.0', id: item.id, error: errors.get(item.id) } : item,
      )
      answer = JSON.stringify(Array.isArray(answers) ? rewritten : rewritten[0])
    }

    if (fault === 'truncate') {
      response.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(answer),
      })
      response.write(answer.slice(0, Math.floor(answer.length / 2)))
      request.socket.destroy()
      return
    }
    if (fault === 'slow') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer)
          resolve()
        }, slowMs)
        timers.add(timer)
      })
      if (closed || response.destroyed) return
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(answer)
  }

  const server = createServer((request, response) => {
    response.on('error', () => {})
    handle(request, response).catch(() => {
      // The client went away (a timeout) or the node did: end this exchange only.
      if (!response.headersSent && !response.destroyed) response.writeHead(502).end()
      else request.socket.destroy()
    })
  })
  server.maxConnections = 64
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
    url: `http://127.0.0.1:${port}/`,
    requests,
    injected,
    refuse: (refusal) => {
      parameters.refuse = refusal
      parameters.refuseFrom = undefined
    },
    async close() {
      closed = true
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
