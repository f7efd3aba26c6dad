import { InvalidArgumentError } from '@commander-js/extra-typings'

/** Argument parsers of the command definitions: light, so `idx --help` loads nothing else. */

export const collect = (value: string, previous: string[] = []) => [...previous, value]

export const blockNumber = (value: string): bigint => {
  const plain = value.replaceAll('_', '').replaceAll(',', '')
  if (!/^[0-9]+$/.test(plain)) throw new InvalidArgumentError(`expected a block number, got "${value}".`)
  return BigInt(plain)
}

export const blockOrLatest = (value: string): bigint | 'latest' =>
  value === 'latest' ? 'latest' : blockNumber(value)

export const positiveInt = (value: string): number => {
  if (!/^[0-9]+$/.test(value) || Number(value) < 1)
    throw new InvalidArgumentError(`expected a positive integer, got "${value}".`)
  return Number(value)
}

export const portNumber = (value: string): number => {
  const n = Number(value)
  if (!/^[0-9]+$/.test(value) || n < 1 || n > 65_535)
    throw new InvalidArgumentError(`expected a port number from 1 to 65535, got "${value}".`)
  return n
}
