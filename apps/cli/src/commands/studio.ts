import { type ChildProcessByStdio, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { BaseError, type DatabaseTarget, describeTarget, redactSecrets } from '@idx/config'
import { closeIdlePglite, databaseExists, openPglite, withSchemaEngineBinary } from '@idx/database'
import { assertModelDatabase } from '@idx/model-db'
import { type CliContext, SharedDatabaseMissingError } from '../context'
import type { DbStudioOptions } from '../define/studio'
import { label } from './migrate'
import { ModelDatabaseMissingError } from './openModel'

export class StudioError extends BaseError {
  override name = 'StudioError'
}

/** The environment variable the generated Prisma config reads the URL from: the URL never appears in argv. */
const URL_VARIABLE = 'IDX_STUDIO_DATABASE_URL'

/**
 * `idx db studio [--shared | --model NAME] [--port N] [--browser NAME]`:
 * opens Prisma Studio on one database and keeps it open until Ctrl-C or
 * SIGTERM (or `stop` aborts, for callers other than the command line).
 * Returns the exit code: 0 when stopped, 1 when Studio exited by itself.
 */
export async function dbStudioCommand(
  ctx: CliContext,
  options: DbStudioOptions,
  stop?: AbortSignal,
): Promise<number> {
  const target = options.model === undefined ? ctx.shared : await ctx.modelTarget(options.model)
  if (!(await databaseExists(target)))
    throw target.role.kind === 'model'
      ? new ModelDatabaseMissingError(target.role.model, target, 'missing')
      : new SharedDatabaseMissingError(target)
  // Studio edits data: the database must be this deployment's (a model's), or its shared database.
  if (target.role.kind === 'model') await assertModelDatabase({ target, shared: ctx.shared })
  else await ctx.deployment()
  // Looking the model up opened the shared database: let other processes have it while Studio runs.
  if (target.role.kind === 'model' && ctx.shared.kind === 'pglite') await closeIdlePglite(ctx.shared.dataDir)

  const served = await serveDatabase(target)
  try {
    const studio = await startStudio({
      url: served.url,
      port: options.port,
      browser: options.browser ?? studioBrowser(ctx.io.env),
      env: ctx.io.env,
    })
    const location = describeTarget(target)
    ctx.say(
      `Prisma Studio is open on the ${label(target)} database ${ctx.color('bold', target.database)} (${location}): ${ctx.color('cyan', studio.url)}`,
    )
    ctx.say(ctx.color('dim', 'Ctrl-C stops it.'))
    ctx.json({ database: target.database, role: target.role, location, url: studio.url })
    const outcome = await untilStopped(studio, stop)
    if (outcome.stopped) return 0
    throw new StudioError(`Prisma Studio stopped by itself (${outcome.reason}).`, {
      details: studioOutput(studio.output(), ctx.io.env),
    })
  } finally {
    await served.close()
  }
}

/**
 * The browser Studio opens when `--browser` is not given: Studio's own choice
 * (the `BROWSER` variable, else the system browser), except on a Linux or BSD
 * machine with no display, where there is none to open (Studio would crash
 * trying): `none`.
 */
export function studioBrowser(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  if (env.BROWSER) return undefined
  const headless = platform !== 'darwin' && platform !== 'win32' && !env.DISPLAY && !env.WAYLAND_DISPLAY
  return headless ? 'none' : undefined
}

type ServedDatabase = { url: string; close: () => Promise<void> }

/**
 * A URL Studio can open for the target: a PostgreSQL database's own URL, or an
 * embedded PGlite database served over PostgreSQL's wire protocol on a
 * private 127.0.0.1 port for as long as Studio runs.
 */
async function serveDatabase(target: DatabaseTarget): Promise<ServedDatabase> {
  if (target.kind === 'postgres') return { url: target.url, close: async () => {} }
  const handle = await openPglite(target.dataDir)
  const server = new PGLiteSocketServer({ db: handle.db, host: '127.0.0.1', port: 0, maxConnections: 64 })
  try {
    await server.start()
  } catch (error) {
    await handle.release()
    throw new StudioError(
      `The embedded database at "${target.dataDir}" could not be served to Prisma Studio.`,
      {
        details: [
          'Point idx at PostgreSQL instead (IDX_DATABASE_URL or --database-url) to open Studio on a server.',
        ],
        cause: error,
      },
    )
  }
  return {
    url: `postgresql://postgres@${server.getServerConn()}/postgres`,
    close: async () => {
      await server.stop()
      await handle.release()
    },
  }
}

type StartedStudio = {
  /** Where Studio answers, as it printed it (`http://localhost:PORT`). */
  url: string
  /** Resolves when Studio's process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** What Studio printed so far. */
  output: () => string
  /** Stops Studio (SIGTERM, then SIGKILL after 5 s) and resolves once it has exited. */
  stop: () => Promise<void>
}

/**
 * Starts `prisma studio` (the Prisma 7 CLI: no engine download, it talks to
 * the database through its own driver) with a generated Prisma config that
 * reads the URL from the environment, and resolves once it answers.
 */
async function startStudio(parameters: {
  url: string
  port: number | undefined
  browser: string | undefined
  env: Readonly<Record<string, string | undefined>>
}): Promise<StartedStudio> {
  const cli = prismaCliPath()
  const configDir = mkdtempSync(path.join(tmpdir(), 'idx-studio-'))
  const config = path.join(configDir, 'prisma.config.mjs')
  writeFileSync(config, `export default { datasource: { url: process.env.${URL_VARIABLE} } }\n`)
  const args = [cli, 'studio', '--config', config]
  if (parameters.port !== undefined) args.push('--port', String(parameters.port))
  if (parameters.browser !== undefined) args.push('--browser', parameters.browser)
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(process.execPath, args, {
    cwd: configDir,
    env: { ...withSchemaEngineBinary(parameters.env), [URL_VARIABLE]: parameters.url } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('error', (error) => {
      output += `${error.message}\n`
      resolve({ code: null, signal: null })
    })
    child.on('close', (code, signal) => resolve({ code, signal }))
  }).finally(() => rmSync(configDir, { recursive: true, force: true }))

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
    }
    await exited
  }

  const url = await new Promise<string | undefined>((resolve) => {
    const check = () => {
      const match = /running at:?\s*(https?:\/\/\S+)/.exec(stripAnsi(output))
      if (match) finish(match[1])
    }
    const finish = (value: string | undefined) => {
      child.stdout.off('data', check)
      child.stderr.off('data', check)
      resolve(value)
    }
    child.stdout.on('data', check)
    child.stderr.on('data', check)
    exited.then(() => finish(undefined))
  })
  if (url === undefined) {
    const { code, signal } = await exited
    throw new StudioError(`Prisma Studio could not start (it exited with ${signal ?? `code ${code}`}).`, {
      details: studioOutput(output, parameters.env),
    })
  }
  return { url, exited, output: () => output, stop }
}

/** Waits until Studio exits or idx is asked to stop (Ctrl-C, SIGTERM, `stop`), then stops Studio. */
async function untilStopped(
  studio: StartedStudio,
  stop: AbortSignal | undefined,
): Promise<{ stopped: true } | { stopped: false; reason: string }> {
  const controller = new AbortController()
  const abort = () => controller.abort()
  process.once('SIGINT', abort)
  process.once('SIGTERM', abort)
  stop?.addEventListener('abort', abort)
  if (stop?.aborted) abort()
  try {
    const outcome = await Promise.race([
      studio.exited.then(({ code, signal }) => ({
        stopped: false as const,
        reason: signal ? `signal ${signal}` : `exit code ${code}`,
      })),
      new Promise<{ stopped: true }>((resolve) =>
        controller.signal.addEventListener('abort', () => resolve({ stopped: true }), { once: true }),
      ),
    ])
    await studio.stop()
    // Ctrl-C on a terminal reaches Studio too: if it exited first, idx was still asked to stop.
    return controller.signal.aborted ? { stopped: true } : outcome
  } finally {
    process.removeListener('SIGINT', abort)
    process.removeListener('SIGTERM', abort)
    stop?.removeEventListener('abort', abort)
  }
}

/** The Prisma CLI's entry point (`prisma/build/index.js`), as a dependency of idx. */
function prismaCliPath(): string {
  const require = createRequire(import.meta.url)
  let manifest: string
  try {
    manifest = require.resolve('prisma/package.json')
  } catch (error) {
    throw new StudioError('The Prisma CLI ("prisma" 7) is not installed next to idx.', {
      details: ['Install it with the workspace: pnpm install.'],
      cause: error,
    })
  }
  const bin = JSON.parse(readFileSync(manifest, 'utf8')).bin
  return path.join(path.dirname(manifest), typeof bin === 'string' ? bin : bin.prisma)
}

/** Studio's last lines, for an error's details, without colours or secrets. */
function studioOutput(output: string, env: Readonly<Record<string, string | undefined>>): string[] {
  const lines = stripAnsi(redactSecrets(output, [env.IDX_DB_PASSWORD]))
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '')
  return lines.length === 0 ? ['Prisma Studio printed nothing.'] : lines.slice(-12)
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC.
const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '')
