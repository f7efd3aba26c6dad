import type { DatabaseTarget } from '@idx/config'
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import { connectTarget, type QueryFn, type TargetConnection } from './connection'

/** An open idx database: a Prisma client on the right driver adapter, raw SQL, transactions, one `close()`. */
export type PrismaDatabase<Client> = {
  client: Client
  target: DatabaseTarget
  /** Raw SQL on the same database (bulk writes, counts and checks Prisma does not express). */
  query: QueryFn
  /** Runs `fn` in one transaction: all of it is written, or none of it. */
  transaction: TargetConnection['transaction']
  close: () => Promise<void>
}

/**
 * Opens `target` and builds a Prisma client on its driver adapter
 * (`@prisma/adapter-pg` for PostgreSQL, PGlite's for the embedded default).
 * Each db package wraps this with its own generated client.
 */
export async function openPrismaDatabase<Client extends { $disconnect: () => Promise<void> }>(
  target: DatabaseTarget,
  createClient: (adapter: SqlMigrationAwareDriverAdapterFactory) => Client,
): Promise<PrismaDatabase<Client>> {
  const connection = await connectTarget(target)
  const client = createClient(connection.adapterFactory)
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
