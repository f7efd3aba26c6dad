import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, test } from 'vitest'

// The packages as published: packed with pnpm (workspace:* becomes a version),
// installed with npm into a project outside the workspace, used from plain
// Node ESM. Proves the exports maps, the bundled Prisma clients and the shipped
// migrations work without the monorepo around them.
const root = fileURLToPath(new URL('../../../', import.meta.url))
const PACKAGES = ['config', 'migrator', 'shared-db', 'model-db']
const work = mkdtempSync(path.join(tmpdir(), 'idx-pack-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

test('behavior: packed packages install outside the workspace and migrate and query PGlite', {
  timeout: 300_000,
}, () => {
  const packs = path.join(work, 'packs')
  mkdirSync(packs)
  for (const name of PACKAGES)
    execFileSync('pnpm', ['pack', '--pack-destination', packs], {
      cwd: path.join(root, 'packages', name),
      stdio: 'pipe',
    })
  const tarballs = Object.fromEntries(
    readdirSync(packs).map((file) => [
      `@idx/${file.replace(/^idx-/, '').replace(/-\d+\.\d+\.\d+\.tgz$/, '')}`,
      `file:${path.join(packs, file)}`,
    ]),
  )
  expect(Object.keys(tarballs).sort()).toEqual(PACKAGES.map((name) => `@idx/${name}`).sort())

  const project = path.join(work, 'consumer')
  mkdirSync(project)
  writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({
      name: 'consumer',
      private: true,
      type: 'module',
      dependencies: tarballs,
      overrides: tarballs,
    }),
  )
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: project,
    stdio: 'pipe',
  })
  writeFileSync(
    path.join(project, 'main.mjs'),
    `import { modelDatabaseTarget, readSettings, sharedDatabaseTarget } from '@idx/config'
import { createModelDb, migrateModelDb } from '@idx/model-db'
import { createSharedDb, migrateSharedDb } from '@idx/shared-db'
const settings = readSettings({ env: { IDX_DATA_DIR: ${JSON.stringify(path.join(project, '.idx'))} } })
const shared = sharedDatabaseTarget(settings)
const model = modelDatabaseTarget(settings, { name: 'packed', database: 'idx_model_packed' })
const applied = [...(await migrateSharedDb({ target: shared })).applied, ...(await migrateModelDb({ target: model })).applied]
const sharedDb = await createSharedDb({ target: shared })
const modelDb = await createModelDb({ target: model })
const counts = { chains: await sharedDb.client.chain.count(), blocks: await modelDb.client.processedBlock.count() }
await sharedDb.close()
await modelDb.close()
console.log(JSON.stringify({ applied: applied.length, ...counts }))
`,
  )
  const output = execFileSync(process.execPath, ['main.mjs'], { cwd: project, encoding: 'utf8' })
  expect(JSON.parse(output.trim().split('\n').at(-1)!)).toEqual({ applied: 2, chains: 0, blocks: 0 })
})
