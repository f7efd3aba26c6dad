#!/usr/bin/env node
// Writes the next migration of the package in the current directory
// (prisma/schema.prisma against prisma/migrations), fully offline: the
// existing migrations are replayed in a scratch in-memory PGlite database.
//   usage: idx-migration-create NAME
import { existsSync } from 'node:fs'
import path from 'node:path'

const name = process.argv[2]
if (!name || !/^[a-z][a-z0-9_]*$/.test(name)) {
  process.stderr.write('Usage: idx-migration-create NAME  (NAME in snake_case, e.g. add_positions)\n')
  process.exit(2)
}
const dist = new URL('../dist/index.js', import.meta.url)
if (!existsSync(dist)) {
  process.stderr.write('@idx/database is not built: run `pnpm build` first.\n')
  process.exit(1)
}
const { createMigration } = await import(dist.href)
const created = await createMigration({
  schemaPath: path.resolve('prisma/schema.prisma'),
  migrationsDir: path.resolve('prisma/migrations'),
  name,
})
process.stdout.write(
  created
    ? `Created prisma/migrations/${created}/migration.sql\n`
    : 'The schema matches the migrations: nothing to create.\n',
)
