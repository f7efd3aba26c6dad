export { formatError } from './errors'
export type { CliIo, GlobalOptions } from './io'
export { run } from './program'
