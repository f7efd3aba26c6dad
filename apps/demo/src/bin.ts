#!/usr/bin/env node
import { run } from './run'

// The first Ctrl-C (or SIGTERM) stops the job cleanly after the step or batch in progress;
// a second one, with no handler left, ends the process the default way.
const controller = new AbortController()
const stop = (signal: NodeJS.Signals) => {
  process.stderr.write(`\n${signal}: stopping after the current step (press Ctrl-C again to quit at once).\n`)
  controller.abort()
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)

const code = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
})
// Everything is closed by now, but Prisma's WASM schema engine leaves a 10-second timer
// behind each migration run, which would keep the process alive that long: exit once
// the output is flushed.
const flushed = (stream: NodeJS.WriteStream) =>
  new Promise<void>((resolve) => stream.write('', () => resolve()))
await Promise.all([flushed(process.stdout), flushed(process.stderr)])
process.exit(code)
