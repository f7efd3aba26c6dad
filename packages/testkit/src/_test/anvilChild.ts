// Started by startAnvil.int.test.ts in a child process: starts anvil, prints its pid and URL,
// then idles until it is killed.
import { startAnvil } from '../startAnvil'

const anvil = await startAnvil()
process.stdout.write(`${JSON.stringify({ pid: anvil.pid, rpcUrl: anvil.rpcUrl })}\n`)
setInterval(() => {}, 60_000)
