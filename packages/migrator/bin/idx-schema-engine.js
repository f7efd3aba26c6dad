#!/usr/bin/env node
// Prisma's schema-engine protocol on top of the WASM engine. Prisma's CLI runs
// this file when PRISMA_SCHEMA_ENGINE_BINARY names it (the db packages' scripts
// and prisma.config.ts set that when the user has not).
import { existsSync } from 'node:fs'

const dist = new URL('../dist/index.js', import.meta.url)
if (!existsSync(dist)) {
  process.stderr.write('idx schema-engine bridge\n')
  process.stderr.write(
    `${JSON.stringify({ level: 'ERROR', target: 'schema_engine::logger', fields: { message: '@idx/migrator is not built: run `pnpm build` first.' } })}\n`,
  )
  process.exit(1)
}
const { runSchemaEngineBridge } = await import(dist.href)
process.exitCode = await runSchemaEngineBridge(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
})
