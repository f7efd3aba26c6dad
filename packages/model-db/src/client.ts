import type { DatabaseTarget } from '@idx/config'
import { connectTarget, type QueryFn, type TargetConnection } from '@idx/migrator'
import { PrismaClient } from './generated/prisma/client'

/** The Prisma client of the model database (a distinct name, so a module can import both idx clients). */
export type ModelDbClient = PrismaClient

/** An open model database: its Prisma client, raw SQL, and one `close()` for both. */
export type ModelDb = {
  client: ModelDbClient
  target: DatabaseTarget
  /** Raw SQL on the same database (bulk writes, counts and checks Prisma does not express). */
  query: QueryFn
  /** Runs `fn` in one transaction: all of it is written, or none of it. */
  transaction: TargetConnection['transaction']
  close: () => Promise<void>
}

export type CreateModelDbParameters = { target: DatabaseTarget }

/**
 * Opens a model database on the right driver adapter: `@prisma/adapter-pg`
 * for PostgreSQL, `pglite-prisma-adapter` for the embedded PGlite default.
 *
 * @example
 * ```ts
 * const settings = readSettings()
 * const db = await createModelDb({ target: modelDatabaseTarget(settings, model) })
 * const models = await db.client.processedBlock.count()
 * await db.close()
 * ```
 */
export async function createModelDb({ target }: CreateModelDbParameters): Promise<ModelDb> {
  const connection = await connectTarget(target)
  const client = new PrismaClient({ adapter: connection.adapterFactory })
  return {
    client,
    target,
    query: connection.query,
    transaction: connection.transaction,
    close: async () => {
      await client.$disconnect()
      await connection.close()
    },
  }
}
