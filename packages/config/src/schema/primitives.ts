import { z } from 'zod'
import { DATABASE_NAME, reservedDatabaseName } from '../databaseTarget'
import { describeValue, expected } from './messages'

/** An EVM address, always lowercase once parsed. */
export type Address = `0x${string}`

/** The one configuration format version this idx reads. */
export const CONFIG_VERSION = '1.0'

// Written with explicit A-F ranges (not the `i` flag): JSON Schema keeps no regex flags.
export const ADDRESS_PATTERN = /^0x[0-9a-fA-F]{40}$/
const SYMBOL_PATTERN = /^[^\s]{1,32}$/
const TOKEN_REF_PATTERN = /^(0x[0-9a-fA-F]{40}|(?!0[xX])[^\s]{1,32})$/
const SNAKE_NAME = /^[a-z][a-z0-9_]*$/
const NAME = /^[a-z][a-z0-9_-]*$/
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/
const DECIMAL = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/
const TEXT = /\S/

const ADDRESS_TEXT = 'an address (0x followed by 40 hexadecimal digits)'
const addressError = expected(ADDRESS_TEXT)

/** `0x` + 40 hex digits in any case; parsed to lowercase. */
export const address = () =>
  z
    .string({ error: addressError })
    .regex(ADDRESS_PATTERN, { error: addressError })
    .transform((value) => value.toLowerCase() as Address)

/** A reference to a token of the shared file: its address (parsed to lowercase) or its symbol (kept as written). */
export const tokenRef = () => {
  const error = (issue: { input?: unknown }) =>
    typeof issue.input === 'string' && /^0[xX]/.test(issue.input)
      ? addressError(issue)
      : expected('a token address or a token symbol (1 to 32 characters, no spaces)')(issue)
  return z
    .string({ error })
    .regex(TOKEN_REF_PATTERN, { error })
    .transform((value) => (ADDRESS_PATTERN.test(value) ? value.toLowerCase() : value))
}

/** A token symbol as written on chain ("WAVAX", "USDt"): 1 to 32 characters, no spaces. */
export const symbol = () => {
  const error = expected('a token symbol (1 to 32 characters, no spaces)')
  return z.string({ error }).regex(SYMBOL_PATTERN, { error })
}

/** Free text with at least one visible character. */
export const text = () => {
  const error = expected('a non-empty string')
  return z.string({ error }).regex(TEXT, { error })
}

/** A version written as a string ("1.0"); a bare 1.0 would be read as the number 1. */
export const versionString = () => {
  const error = expected('a version in quotes, like "1.0"')
  return z.string({ error }).regex(TEXT, { error })
}

/** A lowercase name: letters, digits, `_` and `-`, starting with a letter. */
export const name = (what = 'a name') => {
  const error = expected(`${what} (lowercase letters, digits, "_" and "-", starting with a letter)`)
  return z.string({ error }).regex(NAME, { error })
}

/** A lowercase snake_case identifier, such as a contract type ("uniswap_v2_pair"). */
export const snakeName = (what: string, maxLength = 63) => {
  const error = expected(`${what} in lowercase snake_case (letters, digits and "_", starting with a letter)`)
  const long = expected(`${what} of at most ${maxLength} characters`)
  return z.string({ error }).regex(SNAKE_NAME, { error }).max(maxLength, { error: long })
}

/** A PostgreSQL database name idx accepts (the same rule as the credential chain's). */
export const databaseName = () => {
  const error = expected(
    'a database name (1 to 63 lowercase letters, digits and "_", starting with a letter or "_")',
  )
  return z
    .string({ error })
    .regex(DATABASE_NAME, { error })
    .refine((value) => reservedDatabaseName(value) === undefined, {
      error: (issue) =>
        `${describeValue(issue.input)} is reserved: ${reservedDatabaseName(String(issue.input))}; idx needs a database of its own`,
    })
}

/** The name of an environment variable. A value that looks like a URL is not echoed: it may hold a key. */
export const envName = () => {
  const show = (input: unknown) =>
    typeof input === 'string' && input.includes('://')
      ? 'a URL (not shown: put the URL in an environment variable and name the variable here)'
      : describeValue(input)
  const error = expected('the name of an environment variable (capital letters, digits and "_")', show)
  return z.string({ error }).regex(ENV_NAME, { error })
}

/** A block number: a non-negative safe integer. */
export const blockNumber = () => {
  const error = expected('a non-negative integer')
  return z.int({ error }).min(0, { error })
}

/** An integer of at least 1 (at most `max`). */
export const positiveInt = (max = Number.MAX_SAFE_INTEGER) => {
  const error = expected(
    max === Number.MAX_SAFE_INTEGER ? 'a positive integer' : `an integer from 1 to ${max}`,
  )
  return z.int({ error }).min(1, { error }).max(max, { error })
}

/** An integer from `min` to `max`. */
export const intRange = (min: number, max: number) => {
  const error = expected(`an integer from ${min} to ${max}`)
  return z.int({ error }).min(min, { error }).max(max, { error })
}

/** A number greater than 0 (fractions allowed). */
export const positiveNumber = () => {
  const error = expected('a number greater than 0')
  return z.number({ error }).gt(0, { error })
}

/**
 * A non-negative decimal written as a string ("100", "0.5"), so that it is
 * never read through a binary float.
 */
export const decimalString = () => {
  const error = expected('a non-negative decimal number in quotes, like "100" or "0.5"')
  return z.string({ error }).regex(DECIMAL, { error })
}

/** A decimal fraction written as a string, greater than 0 and at most 1 ("0.5"). */
export const fractionString = () => {
  const error = expected('a fraction greater than 0 and at most 1, in quotes, like "0.5"')
  return z
    .string({ error })
    .regex(DECIMAL, { error })
    .refine((value) => Number(value) > 0 && Number(value) <= 1, { error })
}

/** true or false. */
export const boolean = () => z.boolean({ error: expected('true or false') })

/** The `config_version` key: only "1.0" is read. */
export const configVersion = () =>
  z
    .literal(CONFIG_VERSION, {
      error: (issue) =>
        typeof issue.input === 'number'
          ? `expected the string "${CONFIG_VERSION}" (in quotes, or YAML reads a number), got ${describeValue(issue.input)}`
          : expected(`"${CONFIG_VERSION}"`)(issue),
    })
    .describe(`The configuration format version. This idx reads "${CONFIG_VERSION}".`)

/** One of a fixed set of strings. */
export const oneOf = <const Values extends readonly [string, ...string[]]>(values: Values) =>
  z.enum(values, { error: expected(`one of ${values.map((value) => JSON.stringify(value)).join(', ')}`) })
