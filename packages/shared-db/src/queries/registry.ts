import type { SharedDb } from '../client'

/** Whether the shared database has its model registry (the `model` table): false before it is migrated. */
export async function hasModelRegistry(db: Pick<SharedDb, 'query'>): Promise<boolean> {
  const [row] = await db.query<{ present: boolean }>(
    `select to_regclass('public.model') is not null as present`,
  )
  return row?.present === true
}
