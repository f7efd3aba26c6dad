// Internal: what startAnvil and startPostgres share about a server run under a small sh
// watchdog (the watchdog stops the server when its stdin closes, so the server never
// outlives the process that started it).
import type { ChildProcessByStdio } from 'node:child_process'
import type { Readable, Writable } from 'node:stream'

export type WatchdogChild = ChildProcessByStdio<Writable, Readable, Readable>

/** The last `max` lines a server wrote, for an error message. */
export function createOutputTail(max = 40) {
  const lines: string[] = []
  return {
    push(line: string) {
      lines.push(line)
      if (lines.length > max) lines.shift()
    },
    text: () => lines.join('\n'),
  }
}

/**
 * Reads `stream` line by line for as long as it is open — a server's output must be drained
 * while it runs, or it blocks on a full pipe.
 */
export function onLines(stream: Readable, onLine: (line: string) => void): void {
  let buffered = ''
  stream.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8')
    const lines = buffered.split('\n')
    buffered = lines.pop() ?? ''
    for (const line of lines) onLine(line)
  })
}

/**
 * Closes the watchdog's stdin, which makes it stop the server and exit, and waits for that;
 * after `timeoutMs` kills the server (`pid`) and the watchdog outright.
 */
export async function stopWatchdog(
  child: WatchdogChild,
  exited: Promise<unknown>,
  { pid, timeoutMs }: { pid: number | undefined; timeoutMs: number },
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.stdin.end()
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, timeoutMs, 'timeout').unref())
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    for (const target of [pid, child.pid]) {
      try {
        if (target !== undefined) process.kill(target, 'SIGKILL')
      } catch {
        // already gone
      }
    }
    await exited
  }
}
