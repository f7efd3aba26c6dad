import type { DatabaseTarget } from '@idx/config'
import { openPrismaDatabase, type PrismaDatabase } from '@idx/database'
import { PrismaClient } from './generated/prisma/client'

/** The Prisma client of the model database (a distinct name, so a module can import both idx clients). */
export type ModelDbClient = PrismaClient

/** An open model database: its Prisma client, raw SQL, transactions, and one `close()`. */
export type ModelDb = PrismaDatabase<ModelDbClient>

export type CreateModelDbParameters = { target: DatabaseTarget }

/**
 * Opens a model database on the right driver adapter: `@prisma/adapter-pg`
 * for PostgreSQL, `pglite-prisma-adapter` for the embedded PGlite default.
 *
 * @example
 * ```ts
 * const db = await createModelDb({ target: modelDatabaseTarget(readSettings(), model) })
 * const blocks = await db.client.processedBlock.count()
 * await db.close()
 * ```
 */
export function createModelDb({ target }: CreateModelDbParameters): Promise<ModelDb> {
  return openPrismaDatabase(target, (adapter) => new PrismaClient({ adapter }))
}
