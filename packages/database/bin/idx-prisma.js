#!/usr/bin/env node
// Runs the Prisma CLI of the current package with PRISMA_SCHEMA_ENGINE_BINARY
// pointing at idx's WASM bridge (unless the user chose an engine), so that
// `prisma generate`, `migrate deploy`, `migrate dev` and `migrate status` need
// no native engine download.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(path.join(process.cwd(), 'noop.js'))
let manifest
try {
  manifest = require.resolve('prisma/package.json')
} catch {
  process.stderr.write(
    'The Prisma CLI ("prisma") is not installed in this package: add it as a dev dependency.\n',
  )
  process.exit(1)
}
const bin = JSON.parse(readFileSync(manifest, 'utf8')).bin
const cli = path.join(path.dirname(manifest), typeof bin === 'string' ? bin : bin.prisma)
const engine = fileURLToPath(new URL('./idx-schema-engine.js', import.meta.url))
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || engine },
})
process.exit(result.status ?? 1)
