// Started by startPostgres.int.test.ts in a child process (as another account, or to be killed):
// starts a PostgreSQL from npm, prints what it got as one JSON line, then idles until it is
// killed — or, with `--stop`, stops the server and exits.
import { startPostgres } from '../startPostgres'

const postgres = await startPostgres()
const { stop, ...started } = postgres
process.stdout.write(`${JSON.stringify({ ...started, uid: process.getuid?.() })}\n`)
if (process.argv.includes('--stop')) await stop()
else setInterval(() => {}, 60_000)
