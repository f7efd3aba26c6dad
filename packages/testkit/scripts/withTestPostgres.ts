// Runs a command against one PostgreSQL server for the whole of it — the root `pnpm test` is
// `withTestPostgres turbo run test --concurrency=1`, so every package's `vitest run` shares
// the server this finds or starts (see src/runWithTestPostgres.ts):
//   node --conditions=@idx/source --import tsx packages/testkit/scripts/withTestPostgres.ts COMMAND [ARGS…]
import { isIdxError } from '@idx/config'
import { runWithTestPostgres } from '../src/runWithTestPostgres'

const [command, ...args] = process.argv.slice(2)
if (command === undefined) {
  console.error('Usage: withTestPostgres COMMAND [ARGS…] — runs COMMAND with IDX_TEST_DATABASE_URL set.')
  process.exitCode = 2
} else {
  try {
    process.exitCode = await runWithTestPostgres({ command, args })
  } catch (error) {
    console.error(isIdxError(error) ? error.message : error)
    process.exitCode = 1
  }
}
