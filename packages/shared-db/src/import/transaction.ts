import { isIdxError } from '@idx/config'
import type { SharedDb } from '../client'
import { ConfigImportError } from '../errors'
import type { Prisma } from '../generated/prisma/client'

/** The transaction an import reads and writes in. */
export type ImportTransaction = Prisma.TransactionClient

/** Serialises imports into one shared database (an arbitrary, fixed advisory lock key). */
const IMPORT_LOCK_KEY = '7202611250001'

/**
 * Runs `fn` in one transaction: everything it writes lands, or nothing does.
 * Imports into the same database wait for each other. A dry run's transaction
 * is READ ONLY, so the database itself guarantees it writes nothing. Errors
 * other than idx's own become a {@link ConfigImportError}.
 */
export async function inImportTransaction<T>(
  db: SharedDb,
  { file, dryRun }: { file: string; dryRun: boolean },
  fn: (tx: ImportTransaction) => Promise<T>,
): Promise<T> {
  try {
    return await db.client.$transaction(
      async (tx) => {
        if (dryRun) await tx.$executeRawUnsafe('SET TRANSACTION READ ONLY')
        await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`)
        return fn(tx)
      },
      { maxWait: 60_000, timeout: 600_000 },
    )
  } catch (error) {
    if (isIdxError(error)) throw error
    throw new ConfigImportError(file, error)
  }
}
