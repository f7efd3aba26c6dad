import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { type DatabaseTarget, postgresTargetFromUrl, redactSecrets } from '@idx/config'
import type { SchemaEngine } from '@prisma/schema-engine-wasm'
import { DatabaseConnectionError } from '../errors'
import {
  bindForEngine,
  connectTarget,
  pgliteAdapterFactory,
  type TargetConnection,
} from '../runtime/connection'
import { createDatabase, databaseExists } from '../runtime/databases'
import { quoteIdent, withMaintenanceClient } from '../runtime/server'
import { createSchemaEngine, takeEnginePanic } from './schemaEngine'

/** Where the bridge reads requests and writes answers and logs (the process's stdio by default). */
export type BridgeIo = {
  stdin: NodeJS.ReadableStream
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
}

type BridgeArgs = { datamodels: string[]; url: string | undefined; cliCommand: string | undefined }

function parseArgs(argv: readonly string[]): BridgeArgs {
  const args: BridgeArgs = { datamodels: [], url: undefined, cliCommand: undefined }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const next = () => argv[++i] ?? ''
    if (arg === '--datamodels') args.datamodels.push(next())
    else if (arg === '--datasource') args.url = (JSON.parse(next()) as { url?: string }).url
    else if (arg === '--enabled-preview-features' || arg === '--extension-types') next()
    else if (arg === 'cli') args.cliCommand = argv[++i]
  }
  return args
}

/** The JSON log record the Prisma CLI expects on the engine's stderr. */
function logLine(level: 'INFO' | 'ERROR', message: string, errorCode?: string): string {
  const fields: Record<string, string> = { message }
  if (errorCode) fields.error_code = errorCode
  return `${JSON.stringify({ level, target: 'schema_engine::logger', fields })}\n`
}

/** Prisma's error code for a failure, as the CLI shows it. */
function errorCode(error: unknown): string {
  if (error instanceof DatabaseConnectionError) {
    const cause = (error.cause ?? {}) as { code?: string }
    if (cause.code === '3D000') return 'P1003'
    if (cause.code === '28P01' || cause.code === '28000') return 'P1000'
    return 'P1001'
  }
  return (error as { code?: string }).code ?? 'P1000'
}

/**
 * Runs the schema-engine protocol of the Prisma CLI on top of the WASM engine:
 * `--datasource JSON cli COMMAND` for database-level commands, otherwise
 * JSON-RPC 2.0, one request per line on stdin, one answer per line on stdout.
 * Point `PRISMA_SCHEMA_ENGINE_BINARY` at `bin/idx-schema-engine.js` to use it.
 *
 * @returns the process exit code.
 */
export async function runSchemaEngineBridge(argv: readonly string[], io: BridgeIo): Promise<number> {
  const args = parseArgs(argv)
  const target = args.url === undefined ? undefined : postgresTargetFromUrl(args.url, { kind: 'shared' })
  const secrets = [target?.kind === 'postgres' ? target.password : undefined]
  // The CLI skips the first stderr line, then reads each line as a JSON log record.
  io.stderr.write('idx schema-engine bridge (WASM)\n')
  if (args.cliCommand !== undefined) {
    if (target === undefined) {
      io.stderr.write(logLine('ERROR', 'The schema engine was started without a datasource.', 'P1012'))
      return 1
    }
    try {
      await runCliCommand(args.cliCommand, target)
      return 0
    } catch (error) {
      io.stderr.write(logLine('ERROR', redactSecrets((error as Error).message, secrets), errorCode(error)))
      return 1
    }
  }
  return serveRpc(args, target, io, secrets)
}

/**
 * The stderr line for a panic that escaped as an uncaught WebAssembly trap
 * (the bridge executable then exits with the native engine's panic code, 101).
 */
export function formatBridgePanic(error: unknown): string {
  const message = takeEnginePanic() ?? (error as Error).message
  return logLine('ERROR', redactSecrets(`The schema engine panicked: ${message}`))
}

async function runCliCommand(command: string, target: DatabaseTarget): Promise<void> {
  switch (command) {
    case 'can-connect-to-database': {
      const connection = await connectTarget(target)
      await connection.close()
      return
    }
    case 'create-database':
      await createDatabase(target)
      return
    case 'drop-database':
      if (target.kind === 'postgres' && (await databaseExists(target)))
        await withMaintenanceClient(target, (client) =>
          client.query(`drop database ${quoteIdent(target.database)} with (force)`),
        )
      return
    default:
      throw new Error(`The idx schema-engine bridge does not support "cli ${command}".`)
  }
}

type RpcRequest = { id: number | string; method: string; params?: Record<string, unknown> }

async function serveRpc(
  args: BridgeArgs,
  target: DatabaseTarget | undefined,
  io: BridgeIo,
  secrets: (string | undefined)[],
): Promise<number> {
  const datamodels = args.datamodels.map((file) => [file, readFileSync(file, 'utf8')] as [string, string])
  let session: Promise<{ engine: SchemaEngine; connection: TargetConnection | undefined }> | undefined
  const open = () => {
    session ??= (async () => {
      const connection = target === undefined ? undefined : await connectTarget(target)
      const engine = await createSchemaEngine({
        adapterFactory: bindForEngine(connection?.adapterFactory ?? (await scratchFactory())),
        datamodels: datamodels.length > 0 ? datamodels : undefined,
        onLog: (record) => io.stderr.write(`${JSON.stringify(record)}\n`),
      })
      return { engine, connection }
    })()
    return session
  }
  const lines = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY })
  const pending: Promise<void>[] = []
  for await (const line of lines) {
    if (line.trim() === '') continue
    const request = JSON.parse(line) as RpcRequest
    // Requests are answered in order, like the native engine.
    await Promise.all(pending)
    pending.length = 0
    pending.push(
      answer(request, open, target).then(
        (result) => {
          io.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', id: request.id, result: result ?? null })}\n`)
        },
        (error: unknown) => {
          const e = error as { message?: string; code?: string; meta?: unknown }
          const message = redactSecrets(takeEnginePanic() ?? e.message ?? String(error), secrets)
          io.stdout.write(
            `${JSON.stringify({
              jsonrpc: '2.0',
              id: request.id,
              error: {
                code: 4466,
                message: 'An error happened. Check the data field for details.',
                data: { is_panic: false, message, error_code: errorCode(error), meta: e.meta ?? null },
              },
            })}\n`,
          )
        },
      ),
    )
  }
  await Promise.all(pending)
  if (session !== undefined) {
    const { engine, connection } = await session.catch(() => ({ engine: undefined, connection: undefined }))
    engine?.free()
    await connection?.close()
  }
  return 0
}

async function scratchFactory() {
  const { PGlite } = await import('@electric-sql/pglite')
  return pgliteAdapterFactory(await PGlite.create())
}

async function answer(
  request: RpcRequest,
  open: () => Promise<{ engine: SchemaEngine }>,
  target: DatabaseTarget | undefined,
): Promise<unknown> {
  const params = request.params ?? {}
  switch (request.method) {
    case 'createDatabase':
      if (target) await createDatabase(target)
      return { databaseName: target?.database ?? '' }
    case 'dropDatabase':
      if (target) await runCliCommand('drop-database', target)
      return {}
    case 'getDatabaseVersion':
      return (await open()).engine.version()
    default: {
      const { engine } = await open()
      const method = (engine as unknown as Record<string, unknown>)[request.method]
      if (typeof method !== 'function')
        throw new Error(`The idx schema-engine bridge does not support the method "${request.method}".`)
      return (method as (p: unknown) => Promise<unknown>).call(engine, params)
    }
  }
}
