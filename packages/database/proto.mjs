import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)

import { fileURLToPath } from 'node:url'

const bgPath = fileURLToPath(import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg'))
const pkgDir = path.dirname(bgPath)
const bg = await import(path.join(pkgDir, 'schema_engine_bg.js'))
const bytes = await readFile(path.join(pkgDir, 'schema_engine_bg.wasm'))
const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bg })
bg.__wbg_set_wasm(instance.exports)
instance.exports.__wbindgen_start()
console.log('version', bg.version())
const { bindMigrationAwareSqlAdapterFactory } = await import(
  require.resolve('@prisma/driver-adapter-utils', { paths: [process.cwd()] })
)
const { PrismaPg } = await import(require.resolve('@prisma/adapter-pg', { paths: [process.cwd()] }))
const { PrismaPGlite } = await import(require.resolve('pglite-prisma-adapter', { paths: [process.cwd()] }))
const { PGlite } = await import(require.resolve('@electric-sql/pglite', { paths: [process.cwd()] }))
const schema = `datasource db {
  provider = "postgresql"
}

model Chain {
  id     Int     @id
  name   String  @unique
  amount Decimal @db.Decimal(78, 0)
}
`
const mode = process.argv[2]
let factory
if (mode === 'pg')
  factory = new PrismaPg({ connectionString: 'postgresql://postgres@127.0.0.1:5432/proto_test' })
else factory = new PrismaPGlite(new PGlite('/tmp/proto/pgl'))
const engine = await bg.SchemaEngine.new(
  { datamodels: [['schema.prisma', schema]] },
  (log) => console.error('LOG', log),
  bindMigrationAwareSqlAdapterFactory(factory),
)
const filters = { externalTables: [], externalEnums: [] }
const d = await engine.diff({
  from: { tag: 'empty' },
  to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schema }] },
  script: true,
  exitCode: null,
  filters,
})
console.log(d)
const list = {
  baseDir: '/tmp/proto/migrations',
  lockfile: { path: 'migration_lock.toml', content: 'provider = "postgresql"' },
  shadowDbInitScript: '',
  migrationDirectories: [
    {
      path: '20260101000000_init',
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: d.stdout } },
    },
  ],
}
console.log(await engine.applyMigrations({ migrationsList: list, filters }))
console.log(await engine.applyMigrations({ migrationsList: list, filters }))
console.log(
  JSON.stringify(
    await engine.diagnoseMigrationHistory({ migrationsList: list, optInToShadowDatabase: false, filters }),
  ),
)
