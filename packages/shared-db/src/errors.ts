import { BaseError } from '@idx/config'

/** Extracts the database's own message from a Prisma error (driver adapters wrap it twice). */
export function databaseMessage(error: unknown): string {
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { originalMessage?: string } } } }).meta
  const original = meta?.driverAdapterError?.cause?.originalMessage
  if (original !== undefined) return original
  const message = error instanceof Error ? error.message : String(error)
  return message.trim().split('\n').at(-1) ?? message
}

/** An import that failed while writing: its transaction was rolled back, so nothing of it was written. */
export class ConfigImportError extends BaseError {
  override name = 'ConfigImportError'
  readonly file: string
  constructor(file: string, cause: unknown) {
    super(`The import of "${file}" failed; nothing was written (its transaction was rolled back).`, {
      details: [`The database said: ${databaseMessage(cause)}`],
      cause,
    })
    this.file = file
  }
}

/** A model file imported before the shared file it builds on. */
export class SharedConfigMissingError extends BaseError {
  override name = 'SharedConfigMissingError'
  constructor(file: string, database: string) {
    super(
      `The model file "${file}" cannot be imported: the shared database "${database}" holds no chain yet.`,
      {
        details: ['Import the shared file first: idx config import-shared FILE.'],
      },
    )
  }
}

/** A lookup for a model that is not registered in the shared database. */
export class UnknownModelError extends BaseError {
  override name = 'UnknownModelError'
  constructor(model: string | number) {
    super(
      typeof model === 'number'
        ? `No model with id ${model} is registered in the shared database.`
        : `The model "${model}" is not registered in the shared database.`,
    )
  }
}

/** A lookup for a contract that the shared database does not hold. */
export class UnknownContractError extends BaseError {
  override name = 'UnknownContractError'
  constructor(contract: string | number) {
    super(
      typeof contract === 'number'
        ? `No contract with id ${contract} is in the shared database.`
        : `The contract "${contract}" is not in the shared database.`,
    )
  }
}

/** A pricing lookup for a contract that is not a pool (it has no base and quote token). */
export class NotAPoolError extends BaseError {
  override name = 'NotAPoolError'
  constructor(address: string, name: string) {
    super(`The contract "${address}" (${name}) is not a pool: it has no base and quote token.`)
  }
}
