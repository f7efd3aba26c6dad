import { BaseError } from '@idx/config'

/** A command-line argument of the main job was wrong. */
export class DemoArgumentError extends BaseError {
  override name = 'DemoArgumentError'
  constructor(message: string) {
    super(message, { details: ['Run `pnpm main-job --help` for the options.'] })
  }
}

/** The main job runs on the embedded PGlite default only, and a database server is configured. */
export class DemoServerConfiguredError extends BaseError {
  override name = 'DemoServerConfiguredError'
  constructor(source: string) {
    super(
      `The main job runs on embedded PGlite databases, but ${source} points idx at a PostgreSQL server.`,
      {
        details: [
          "Its chain pretends to be Avalanche C-Chain (id 43114): importing it would mix the demo's tokens, pools and prices into that server's shared database.",
          `Unset ${source} to run the main job (use --data-dir or IDX_DATA_DIR to choose where its databases go).`,
        ],
      },
    )
  }
}

/** The demo chain could not be made or saved. */
export class DemoChainError extends BaseError {
  override name = 'DemoChainError'
}

/** Blocks of the demo chain failed to process. */
export class DemoProcessingError extends BaseError {
  override name = 'DemoProcessingError'
}

/** Ctrl-C or SIGTERM stopped the main job before it was done. */
export class DemoInterruptedError extends BaseError {
  override name = 'DemoInterruptedError'
  constructor(where: string) {
    super(`The main job was stopped ${where}.`, {
      details: ['Run it again to go on: what is saved and what was processed is reused.'],
    })
  }
}
