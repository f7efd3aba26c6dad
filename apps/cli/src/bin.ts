#!/usr/bin/env node
import { run } from './program'

// A reader that closes early (`idx --help | head`) ends the output, not the command with a stack.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error
})

// The AWS SDK (S3 archives) warns on stderr that its 2027 releases need Node 22: not the operator's concern here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
})
