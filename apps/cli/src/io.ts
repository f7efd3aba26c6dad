/** What the CLI reads and writes: the process's streams in `bin.ts`, buffers in tests. */
export type CliIo = {
  stdout: { write: (text: string) => unknown; isTTY?: boolean | undefined }
  stderr: { write: (text: string) => unknown; isTTY?: boolean | undefined }
  env: Readonly<Record<string, string | undefined>>
  /** Overrides the working directory (INIT_CWD / process.cwd() otherwise). */
  cwd?: string | undefined
}

/** Global flags every command accepts. */
export type GlobalOptions = {
  json?: boolean
  verbose?: boolean
  databaseUrl?: string
  dataDir?: string
  sharedDb?: string
  logFormat?: 'text' | 'json'
}

/** Colour only on a terminal, never with NO_COLOR or in JSON mode. */
export function useColor(io: CliIo, options: GlobalOptions): boolean {
  return Boolean(io.stdout.isTTY) && io.env.NO_COLOR === undefined && !options.json
}

const codes = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
}
export type Style = keyof typeof codes

export function paint(enabled: boolean, style: Style, text: string): string {
  if (!enabled) return text
  const [open, close] = codes[style]
  return `\u001b[${open}m${text}\u001b[${close}m`
}
