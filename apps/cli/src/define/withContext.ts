import type { CliContext } from '../context'

/**
 * How program.ts runs an action: with a fresh context, created (and the
 * command's module imported) only when the action runs, so `idx --help` and
 * `idx --version` load neither Prisma nor viem.
 */
export type WithContext = <A extends unknown[]>(
  fn: (ctx: CliContext, ...args: A) => Promise<unknown>,
) => (...args: A) => Promise<void>
