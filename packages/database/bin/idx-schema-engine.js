#!/usr/bin/env node
// Prisma's schema-engine protocol on top of the WASM engine. Prisma's CLI runs
// this file when PRISMA_SCHEMA_ENGINE_BINARY names it (the db packages' scripts
// and prisma.config.ts set that when the user has not).
import { existsSync } from 'node:fs'

const dist = new URL('../dist/index.js', import.meta.url)
if (!existsSync(dist)) {
  process.stderr.write('idx schema-engine bridge\n')
  process.stderr.write(
    `${JSON.stringify({ level: 'ERROR', target: 'schema_engine::logger', fields: { message: '@idx/database is not built: run `pnpm build` first.' } })}\n`,
  )
  process.exit(1)
}
const { formatBridgePanic, runSchemaEngineBridge } = await import(dist.href)
// A panic inside the engine can surface as an uncaught WebAssembly trap: report
// its message the way the native engine does, and exit with its panic code.
process.on('uncaughtException', (error) => {
  process.stderr.write(formatBridgePanic(error))
  process.exit(101)
})
process.exitCode = await runSchemaEngineBridge(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
})
