import type { DatabaseTarget } from '@idx/config'
import { openPrismaDatabase, type PrismaDatabase } from '@idx/database'
import { PrismaClient } from './generated/prisma/client'

/** The Prisma client of the shared database (a distinct name, so a module can import both idx clients). */
export type SharedDbClient = PrismaClient

/** An open the shared database: its Prisma client, raw SQL, transactions, and one `close()`. */
export type SharedDb = PrismaDatabase<SharedDbClient>

export type CreateSharedDbParameters = { target: DatabaseTarget }

/**
 * Opens the shared database on the right driver adapter: `@prisma/adapter-pg`
 * for PostgreSQL, `pglite-prisma-adapter` for the embedded PGlite default.
 *
 * @example
 * ```ts
 * const db = await createSharedDb({ target: sharedDatabaseTarget(readSettings()) })
 * const models = await db.client.model.findMany()
 * await db.close()
 * ```
 */
export function createSharedDb({ target }: CreateSharedDbParameters): Promise<SharedDb> {
  return openPrismaDatabase(target, (adapter) => new PrismaClient({ adapter }))
}
