import {
  BaseError,
  type DatabaseServer,
  type DatabaseTarget,
  describeTarget,
  type IdxSettings,
  modelDatabaseTarget,
  readSettings,
  resolveDatabaseServer,
  sharedDatabaseTarget,
} from '@idx/config'
import { checkDatabaseIdentity, databaseExists, readDatabaseState } from '@idx/database'
import {
  createSharedDb,
  findModel,
  hasModelRegistry,
  listModels,
  type SharedDb,
  sharedDeployment,
} from '@idx/shared-db'
import { type CliIo, type GlobalOptions, paint, type Style, useColor } from './io'

/** Everything a command needs: settings resolved once through @idx/config, and output helpers. */
export type CliContext = {
  io: CliIo
  options: GlobalOptions
  settings: IdxSettings
  server: DatabaseServer
  shared: DatabaseTarget
  color: (style: Style, text: string) => string
  /** A line for people (suppressed in --json mode). */
  say: (line: string) => void
  /** The command's machine-readable result (printed only in --json mode). */
  json: (value: unknown) => void
  /**
   * Opens the shared database, which must exist and be a migrated shared
   * database with a deployment id (a model's database, or one idx did not
   * create, is refused).
   */
  openShared: () => Promise<SharedDb>
  /** The deployment of the shared database (its id and name), checked once per command. */
  deployment: () => Promise<{ deployment: string; database: string }>
  /** The target of a registered model's database. */
  modelTarget: (name: string) => Promise<DatabaseTarget>
  /** The targets of every registered model (none when the shared database does not exist yet). */
  allModelTargets: () => Promise<DatabaseTarget[]>
}

export class ModelNotRegisteredError extends BaseError {
  override name = 'ModelNotRegisteredError'
  constructor(name: string, known: string[]) {
    super(`The model "${name}" is not registered in the shared database.`, {
      details: [
        known.length > 0 ? `Registered models: ${known.join(', ')}.` : 'No model is registered yet.',
        'Import its file first: idx config import-model FILE.',
      ],
    })
  }
}

export class SharedDatabaseMissingError extends BaseError {
  override name = 'SharedDatabaseMissingError'
  constructor(target: DatabaseTarget) {
    super(`The shared database "${target.database}" (${describeTarget(target)}) does not exist yet.`, {
      details: ['Create and migrate it first: idx migrate --shared.'],
    })
  }
}

export function createContext(io: CliIo, options: GlobalOptions): CliContext {
  const settings = readSettings({
    env: io.env,
    cwd: io.cwd,
    overrides: { databaseUrl: options.databaseUrl, dataDir: options.dataDir, sharedDb: options.sharedDb },
  })
  const server = resolveDatabaseServer(settings)
  const shared = sharedDatabaseTarget(settings, server)
  const colored = useColor(io, options)
  let identity: Promise<{ deployment: string; database: string }> | undefined
  const deployment = async () => {
    if (!(await databaseExists(shared))) throw new SharedDatabaseMissingError(shared)
    identity ??= sharedDeployment({ target: shared })
    return identity
  }
  const openShared = async () => {
    await deployment()
    return createSharedDb({ target: shared })
  }
  /** For reading the registry: the shared database must exist and not be another kind of database. */
  const openSharedToRead = async () => {
    const state = await readDatabaseState(shared)
    if (!state.exists) throw new SharedDatabaseMissingError(shared)
    checkDatabaseIdentity(shared, state, { kind: 'shared' })
    return createSharedDb({ target: shared })
  }
  const withShared = async <T>(fn: (db: SharedDb) => Promise<T>): Promise<T> => {
    const db = await openSharedToRead()
    try {
      return await fn(db)
    } finally {
      await db.close()
    }
  }
  return {
    io,
    options,
    settings,
    server,
    shared,
    color: (style, text) => paint(colored, style, text),
    say: (line) => {
      if (!options.json) io.stdout.write(`${line}\n`)
    },
    json: (value) => {
      if (options.json) io.stdout.write(`${JSON.stringify(value, jsonReplacer, 2)}\n`)
    },
    openShared,
    deployment,
    modelTarget: (name) =>
      withShared(async (db) => {
        const model = await findModel(db.client, name)
        if (model === undefined)
          throw new ModelNotRegisteredError(
            name,
            (await listModels(db.client)).map((m) => m.name),
          )
        return modelDatabaseTarget(settings, { name: model.name, database: model.databaseName }, server)
      }),
    allModelTargets: async () => {
      if (!(await databaseExists(shared))) return []
      return withShared(async (db) => {
        if (!(await hasModelRegistry(db))) return [] // not migrated yet: no model can be registered
        return (await listModels(db.client)).map((model) =>
          modelDatabaseTarget(settings, { name: model.name, database: model.databaseName }, server),
        )
      })
    },
  }
}

/** JSON output: bigints as strings (block numbers, amounts), never lossy numbers. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value
}
