import { spawn } from 'node:child_process'
import { constants } from 'node:os'
import { readSettings } from '@idx/config'
import { type ResolveTestPostgresParameters, resolveTestPostgres } from './resolveTestPostgres'

export type RunWithTestPostgresParameters = {
  /** The command to run, and its arguments (e.g. `turbo run test`). */
  command: string
  args?: readonly string[] | undefined
  /** The command's environment, and where the test settings are read (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>> | undefined
  /** Where the sentence naming the server goes (default: standard output). */
  log?: ((line: string) => void) | undefined
} & Pick<ResolveTestPostgresParameters, 'localUrl' | 'embedded'>

const forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

/**
 * Runs a command — a whole test run, every package's `vitest run` — against one PostgreSQL
 * server: finds or starts it (see `resolveTestPostgres`), says once which it is, hands its
 * URL to the command as `IDX_TEST_DATABASE_URL` (with `IDX_TEST_DATABASE_ANNOUNCED=1`, so
 * the packages do not say it again), and stops a server it started when the command ends —
 * also when the command fails and when this process gets SIGINT, SIGTERM or SIGHUP (passed
 * on to the command first). Resolves with the exit code to exit with.
 *
 * @example
 * ```ts
 * process.exitCode = await runWithTestPostgres({ command: 'turbo', args: ['run', 'test'] })
 * ```
 */
export async function runWithTestPostgres(parameters: RunWithTestPostgresParameters): Promise<number> {
  const env = parameters.env ?? readSettings().env
  const log = parameters.log ?? ((line: string) => process.stdout.write(`${line}\n`))
  let interrupted: NodeJS.Signals | undefined
  let child: ReturnType<typeof spawn> | undefined
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted ??= signal
    child?.kill(signal)
  }
  for (const signal of forwarded) process.on(signal, onSignal)
  try {
    const postgres = await resolveTestPostgres({
      env,
      localUrl: parameters.localUrl,
      embedded: parameters.embedded,
    })
    try {
      log(postgres.summary)
      if (interrupted) return exitCode(interrupted)
      const running = spawn(parameters.command, [...(parameters.args ?? [])], {
        stdio: 'inherit',
        env: { ...env, IDX_TEST_DATABASE_URL: postgres.url, IDX_TEST_DATABASE_ANNOUNCED: '1' },
      })
      child = running
      const code = await new Promise<number>((resolve) => {
        running.once('error', (error) => {
          log(`${parameters.command} could not be started: ${error.message}.`)
          resolve(127)
        })
        running.once('exit', (status, signal) => resolve(signal ? exitCode(signal) : (status ?? 1)))
      })
      return interrupted ? exitCode(interrupted) : code
    } finally {
      await postgres.stop()
    }
  } finally {
    for (const signal of forwarded) process.off(signal, onSignal)
  }
}

/** The shell's convention: 128 + the signal's number. */
function exitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0)
}
