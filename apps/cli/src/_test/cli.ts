import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { run } from '../program'

/** Runs the CLI in-process with captured output. */
export async function runCli(argv: string[], env: Record<string, string | undefined>, cwd?: string) {
  let stdout = ''
  let stderr = ''
  const code = await run(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    cwd,
  })
  return { code, stdout, stderr }
}

const bin = fileURLToPath(new URL('../bin.ts', import.meta.url))

/** Runs the CLI as its own process (tsx, workspace sources), for crash and concurrency tests. */
export function spawnCli(argv: string[], env: Record<string, string | undefined>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@idx/source', '--import', 'tsx', bin, ...argv], {
      env: { PATH: process.env.PATH, ...env } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}
