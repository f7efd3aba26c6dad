import { type ChildProcessByStdio, spawn } from 'node:child_process'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'

const bin = fileURLToPath(new URL('../bin.ts', import.meta.url))

export type StartedCli = {
  child: ChildProcessByStdio<null, Readable, Readable>
  /** Output so far. */
  readonly stdout: string
  readonly stderr: string
  /** Resolves when the process has exited, with its exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>
  /** Resolves once stderr (or stdout) has a line matching `pattern`. */
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<string>
}

/**
 * Starts the CLI as its own process (tsx, workspace sources) and returns at
 * once, so a test can signal it (SIGINT, SIGTERM, SIGKILL) while it works.
 * `nodeArgs` go before the script (a test preload: `--import …/pause.ts`).
 */
export function startCli(
  argv: string[],
  env: Record<string, string | undefined>,
  options: { nodeArgs?: string[] } = {},
): StartedCli {
  const nodeArgs = ['--conditions=@idx/source', '--import', 'tsx', ...(options.nodeArgs ?? [])]
  const child = spawn(process.execPath, [...nodeArgs, bin, ...argv], {
    env: { PATH: process.env.PATH, ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  const listeners = new Set<() => void>()
  const notify = () => {
    for (const listener of listeners) listener()
  }
  child.stdout.on('data', (chunk) => {
    stdout += chunk
    notify()
  })
  child.stderr.on('data', (chunk) => {
    stderr += chunk
    notify()
  })
  const exited = new Promise<{
    code: number | null
    signal: NodeJS.Signals | null
    stdout: string
    stderr: string
  }>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => {
      notify()
      resolve({ code, signal, stdout, stderr })
    })
  })
  return {
    child,
    get stdout() {
      return stdout
    },
    get stderr() {
      return stderr
    },
    exited,
    waitFor: (pattern, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        let done = false
        const check = () => {
          if (done) return
          const line = `${stderr}\n${stdout}`.split('\n').find((text) => pattern.test(text))
          if (line !== undefined) finish(() => resolve(line))
          else if (child.exitCode !== null || child.signalCode !== null)
            finish(() =>
              reject(
                new Error(`The CLI exited before printing ${pattern}.\nstdout: ${stdout}\nstderr: ${stderr}`),
              ),
            )
        }
        const timer = setTimeout(
          () => finish(() => reject(new Error(`No ${pattern} within ${timeoutMs} ms.\nstderr: ${stderr}`))),
          timeoutMs,
        )
        const finish = (fn: () => void) => {
          done = true
          clearTimeout(timer)
          listeners.delete(check)
          fn()
        }
        listeners.add(check)
        check()
      }),
  }
}
