import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { MigrationList } from '@prisma/schema-engine-wasm'
import { MigrationError } from '../errors'

const LOCKFILE = 'migration_lock.toml'

/**
 * Reads a Prisma `migrations/` folder into the list the schema engine expects
 * (the same structure the Prisma CLI sends).
 */
export function readMigrationsDirectory(dir: string): MigrationList {
  const baseDir = path.resolve(dir)
  if (!existsSync(baseDir)) throw new MigrationError(`The migrations folder "${baseDir}" does not exist.`)
  const lockPath = path.join(baseDir, LOCKFILE)
  const migrationDirectories = readdirSync(baseDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = path.join(baseDir, name, 'migration.sql')
      let content: { tag: 'ok'; value: string } | { tag: 'error'; value: string }
      try {
        content = { tag: 'ok', value: readFileSync(file, 'utf8') }
      } catch (error) {
        content = { tag: 'error', value: (error as Error).message }
      }
      return { path: name, migrationFile: { path: 'migration.sql', content } }
    })
  return {
    baseDir,
    lockfile: { path: LOCKFILE, content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories,
  } as MigrationList
}

/** The names of the migrations in a folder, oldest first. */
export function migrationNames(list: MigrationList): string[] {
  return list.migrationDirectories.map((directory) => directory.path)
}
