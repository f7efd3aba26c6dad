#!/usr/bin/env node
// The `idx` command. In the workspace checkout (src/ is next to this file) it
// runs the TypeScript sources through tsx, so `pnpm idx` always runs what is
// checked out; installed from a package (only dist/ ships) or with
// IDX_CLI_BUILD=1, it runs the build (`pnpm --filter @idx/cli build`).
import { existsSync } from 'node:fs'
import { register } from 'node:module'

const source = new URL('../src/bin.ts', import.meta.url)
if (existsSync(source) && process.env.IDX_CLI_BUILD !== '1') {
  // Workspace packages resolve to their sources (the "@idx/source" export condition), as in tests.
  register('./source-condition.js', import.meta.url)
  const { register: registerTsx } = await import('tsx/esm/api')
  registerTsx()
  await import(source.href)
} else {
  await import('../dist/bin.js')
}
