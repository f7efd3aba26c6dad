/** Exit code of a run stopped by Ctrl-C or SIGTERM before it was done (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130

/**
 * Runs `fn` with a signal that Ctrl-C (SIGINT) or SIGTERM aborts. The
 * handlers are removed afterwards; a second Ctrl-C, with no handler left,
 * ends the process the default way.
 */
export async function withInterrupt<T>(
  onStop: (signal: NodeJS.Signals) => void,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<{ result: T; stoppedBy: NodeJS.Signals | undefined }> {
  const controller = new AbortController()
  let stoppedBy: NodeJS.Signals | undefined
  const handler = (signal: NodeJS.Signals) => {
    stoppedBy = signal
    onStop(signal)
    controller.abort()
  }
  const onInt = () => handler('SIGINT')
  const onTerm = () => handler('SIGTERM')
  process.once('SIGINT', onInt)
  process.once('SIGTERM', onTerm)
  try {
    return { result: await fn(controller.signal), stoppedBy }
  } finally {
    process.removeListener('SIGINT', onInt)
    process.removeListener('SIGTERM', onTerm)
  }
}
