import { fileURLToPath } from 'node:url'

/**
 * A small Prisma `migrations/` folder for tests of the migrator: `20260101000000_first` (a table, and
 * the `_idx_database` marker of a model database) and `20260102000000_second`.
 */
export const fixtureMigrationsDir: string = fileURLToPath(new URL('../fixtures/migrations', import.meta.url))
