import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { DatabaseTarget } from '@idx/config'
import { applyMigrations } from '@idx/database'
import { modelMigrationsDir } from '../migrations'

/**
 * Applies the model migrations that come before the one whose folder ends
 * with `suffix` (from a scratch folder), so a test can populate a database as
 * an older idx left it and then migrate it. Throws when no migration has that
 * suffix, or when it is the first.
 */
export async function migrateModelDbBefore(target: DatabaseTarget, suffix: string): Promise<void> {
  const names = readdirSync(modelMigrationsDir).sort()
  const index = names.findIndex((name) => name.endsWith(suffix))
  if (index <= 0) throw new Error(`No model migration after the first ends with "${suffix}".`)
  const folder = mkdtempSync(path.join(tmpdir(), 'idx-migrations-'))
  try {
    for (const name of names.slice(0, index))
      cpSync(path.join(modelMigrationsDir, name), path.join(folder, name), { recursive: true })
    cpSync(path.join(modelMigrationsDir, 'migration_lock.toml'), path.join(folder, 'migration_lock.toml'))
    await applyMigrations({ target, migrationsDir: folder })
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}
