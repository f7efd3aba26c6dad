import type { DatabaseTarget } from '@idx/config'
import { connectTarget } from '@idx/migrator'
import { PrismaClient } from './generated/prisma/client'

/** The Prisma client of the shared database (a distinct name, so a module can import both idx clients). */
export type SharedDbClient = PrismaClient

/** An open shared database: its Prisma client, raw SQL, and one `close()` for both. */
export type SharedDb = {
  client: SharedDbClient
  target: DatabaseTarget
  /** Raw SQL on the same database (for counts and checks Prisma does not express). */
  query: <Row = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<Row[]>
  close: () => Promise<void>
}

export type CreateSharedDbParameters = { target: DatabaseTarget }

/**
 * Opens the shared database on the right driver adapter: `@prisma/adapter-pg`
 * for PostgreSQL, `pglite-prisma-adapter` for the embedded PGlite default.
 *
 * @example
 * ```ts
 * const settings = readSettings()
 * const db = await createSharedDb({ target: sharedDatabaseTarget(settings) })
 * const models = await db.client.model.findMany()
 * await db.close()
 * ```
 */
export async function createSharedDb({ target }: CreateSharedDbParameters): Promise<SharedDb> {
  const connection = await connectTarget(target)
  const client = new PrismaClient({ adapter: connection.adapterFactory })
  return {
    client,
    target,
    query: connection.query,
    close: async () => {
      await client.$disconnect()
      await connection.close()
    },
  }
}
