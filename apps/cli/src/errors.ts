import { isIdxError, redactSecrets } from '@idx/config'

/**
 * One paragraph for the operator: idx's own errors are whole sentences with
 * their details; anything else is reported as unexpected. The stack only with
 * --verbose. Passwords never appear: every URL is redacted.
 */
export function formatError(
  error: unknown,
  options: { verbose?: boolean | undefined; secrets?: (string | undefined)[] },
): string {
  const lines: string[] = []
  if (isIdxError(error)) {
    lines.push(`Error: ${error.shortMessage}`)
    for (const detail of error.details) lines.push(`  ${detail}`)
  } else {
    const message = error instanceof Error ? error.message : String(error)
    lines.push(`Error: an unexpected problem stopped idx: ${message}`)
    if (!options.verbose) lines.push('  Run the command again with --verbose to see where it happened.')
  }
  if (options.verbose && error instanceof Error && error.stack) {
    lines.push('', error.stack)
    let cause = error.cause
    while (cause instanceof Error) {
      lines.push(`Caused by: ${cause.stack ?? cause.message}`)
      cause = cause.cause
    }
  }
  return `${redactSecrets(lines.join('\n'), options.secrets ?? [])}\n`
}
