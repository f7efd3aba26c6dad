import pc from 'picocolors'
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

// Always-on colours: whether to colour is decided above (useColor), not by picocolors' own look at the process.
const colors = pc.createColors(true)

/** The styles the CLI prints with (picocolors' names). */
export type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan'

/** `text` in `style` when `enabled` (ANSI escapes, through picocolors), else `text` as it is. */
export function paint(enabled: boolean, style: Style, text: string): string {
  return enabled ? colors[style](text) : text
}
