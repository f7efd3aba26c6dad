import { existsSync } from 'node:fs'
import net from 'node:net'
import { databaseTarget } from '@idx/config'
import { migrateModelDb } from '@idx/model-db'
import { createSharedDb, migrateSharedDb } from '@idx/shared-db'
import { type TestDatabase, testDatabase, testServer, testServerUrl } from '@idx/testkit'
import { afterAll, describe, expect, test, vi } from 'vitest'
import { startCli } from '../_test/startCli'
import { type CliContext, createContext } from '../context'
import { formatError } from '../errors'
import type { GlobalOptions } from '../io'
import { dbStudioCommand, studioBrowser } from './studio'

const SERVER = testServerUrl()
const pgServer = testServer()
const databases: TestDatabase[] = []
afterAll(async () => {
  for (const database of databases) await database.drop()
})

/** A context as the command line builds it, with its output captured. */
function context(options: GlobalOptions) {
  let stdout = ''
  const ctx = createContext(
    { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => {} }, env: {} },
    options,
  )
  return { ctx, stdout: () => stdout }
}

async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Runs a query through Studio's own backend, the way its page does. */
async function studioQuery(port: number, sql: string): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${port}/bff`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ procedure: 'query', query: { sql, parameters: [] } }),
  })
  return response.json()
}

/** Starts `idx db studio` on a free port and waits until it says Studio is open. */
async function startStudio(ctx: CliContext, stdout: () => string, options: { model?: string } = {}) {
  const port = await freePort()
  const stop = new AbortController()
  const running = dbStudioCommand(ctx, { ...options, port, browser: 'none' }, stop.signal)
  running.catch(() => {}) // awaited below; a failure to start surfaces there
  await Promise.race([
    running.then(() => {
      throw new Error(`idx db studio ended before Studio was open.\n${stdout()}`)
    }),
    vi.waitFor(() => expect(stdout()).toContain('Prisma Studio is open'), { timeout: 60_000, interval: 100 }),
  ])
  return { port, stop: () => stop.abort(), running }
}

describe('idx db studio', () => {
  test('behavior: PostgreSQL — Studio answers HTTP on the port and reads the shared database; stopping frees the port', async () => {
    const shared = testDatabase('postgres')
    databases.push(shared)
    await migrateSharedDb({ target: shared.target })
    const { ctx, stdout } = context({ databaseUrl: SERVER, sharedDb: shared.target.database })

    const studio = await startStudio(ctx, stdout)
    expect(stdout().split('\n')[0]).toBe(
      `Prisma Studio is open on the shared database ${shared.target.database} (postgresql://postgres@${pgServer.host}:${pgServer.port}/${shared.target.database}): http://localhost:${studio.port}`,
    )
    const page = await fetch(`http://127.0.0.1:${studio.port}/`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<html')
    expect(await studioQuery(studio.port, 'select kind from "_idx_database"')).toEqual([
      null,
      [{ kind: 'shared' }],
    ])

    studio.stop()
    expect(await studio.running).toBe(0)
    await expect(fetch(`http://127.0.0.1:${studio.port}/`)).rejects.toThrow()
  })

  test('behavior: the idx command — Studio until Ctrl-C, then exit 0 with Studio stopped', async () => {
    const shared = testDatabase('postgres')
    databases.push(shared)
    await migrateSharedDb({ target: shared.target })
    const port = await freePort()
    const cli = startCli(['db', 'studio', '--port', String(port), '--browser', 'none'], {
      IDX_DATABASE_URL: SERVER,
      IDX_SHARED_DB: shared.target.database,
    })
    await cli.waitFor(/^Prisma Studio is open on the shared database /)
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200)

    cli.child.kill('SIGINT')
    const exited = await cli.exited
    expect(exited).toMatchObject({ code: 0, signal: null, stderr: '' })
    expect(exited.stdout).toContain(`: http://localhost:${port}\nCtrl-C stops it.\n`)
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow()
  })

  test("behavior: PGlite — a model's embedded database is served to Studio on 127.0.0.1", async () => {
    const shared = testDatabase('pglite')
    databases.push(shared)
    await migrateSharedDb({ target: shared.target })
    const db = await createSharedDb({ target: shared.target })
    try {
      await db.client.model.create({
        data: { name: 'studio', version: '1.0', databaseName: 'idx_model_studio', startBlock: 1n },
      })
    } finally {
      await db.close()
    }
    const server = {
      kind: 'pglite' as const,
      dataDir: shared.server.kind === 'pglite' ? shared.server.dataDir : '',
    }
    await migrateModelDb({
      target: databaseTarget(server, 'idx_model_studio', { kind: 'model', model: 'studio' }),
      shared: shared.target,
    })
    const port = await freePort()
    const cli = startCli(['db', 'studio', '--model', 'studio', '--port', String(port), '--browser', 'none'], {
      IDX_DATA_DIR: server.dataDir,
      IDX_SHARED_DB: shared.target.database,
    })
    const line = await cli.waitFor(/^Prisma Studio is open/)
    expect(line).toBe(
      `Prisma Studio is open on the model studio database idx_model_studio (PGlite ${server.dataDir}/idx_model_studio): http://localhost:${port}`,
    )
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200)
    expect(await studioQuery(port, 'select kind, model from "_idx_database"')).toEqual([
      null,
      [{ kind: 'model', model: 'studio' }],
    ])
    expect(await studioQuery(port, 'select count(*)::int as n from processed_block')).toEqual([
      null,
      [{ n: 0 }],
    ])
    // The model's directory is held while Studio runs; the shared one was let go once the model was found.
    expect(existsSync(`${server.dataDir}/idx_model_studio.lock`)).toBe(true)
    expect(existsSync(`${shared.target.kind === 'pglite' ? shared.target.dataDir : ''}.lock`)).toBe(false)

    cli.child.kill('SIGTERM')
    expect(await cli.exited).toMatchObject({ code: 0, signal: null, stderr: '' })
    expect(existsSync(`${server.dataDir}/idx_model_studio.lock`)).toBe(false)
  })

  test('error: a PGlite database that does not exist yet', async () => {
    const shared = testDatabase('pglite')
    databases.push(shared)
    const dataDir = shared.server.kind === 'pglite' ? shared.server.dataDir : ''
    const { ctx } = context({ dataDir, sharedDb: shared.target.database })

    const error = await dbStudioCommand(ctx, { browser: 'none' }).catch((error: unknown) => error)
    expect(
      formatError(error, {}).replaceAll(dataDir, '<data dir>').replaceAll(shared.target.database, '<db>'),
    ).toMatchInlineSnapshot(`
        "Error: The shared database "<db>" (PGlite <data dir>/<db>) does not exist yet.
          Create and migrate it first: idx migrate --shared.
        "
      `)
  })

  test('error: the port is taken', async () => {
    const shared = testDatabase('postgres')
    databases.push(shared)
    await migrateSharedDb({ target: shared.target })
    const { ctx } = context({ databaseUrl: SERVER, sharedDb: shared.target.database })
    const taken = net.createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const { port } = taken.address() as net.AddressInfo
    try {
      const error = await dbStudioCommand(ctx, { port, browser: 'none' }).catch((error: unknown) => error)
      const message = formatError(error, {})
      expect(message).toMatch(/^Error: Prisma Studio could not start \(it exited with code 1\)\.\n/)
      expect(message).toContain('EADDRINUSE')
    } finally {
      await new Promise((resolve) => taken.close(resolve))
    }
  })
})

describe('studioBrowser', () => {
  test.each([
    [{}, 'linux', 'none'],
    [{ DISPLAY: ':0' }, 'linux', undefined],
    [{ WAYLAND_DISPLAY: 'wayland-0' }, 'linux', undefined],
    [{ BROWSER: 'firefox' }, 'linux', undefined],
    [{}, 'darwin', undefined],
    [{}, 'win32', undefined],
  ] as const)('default: %j on %s → %s', (env, platform, expected) => {
    expect(studioBrowser(env, platform)).toBe(expected)
  })
})
