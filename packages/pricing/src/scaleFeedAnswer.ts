import { BaseError } from '@idx/config'

export class InvalidFeedDecimalsError extends BaseError {
  override name = 'InvalidFeedDecimalsError'
  constructor(decimals: number) {
    super(`A price feed's decimals must be an integer between 0 and 77, got ${JSON.stringify(decimals)}.`)
  }
}

/**
 * Turns a Chainlink aggregator's integer answer into an exact decimal string
 * (no binary floats): `scaleFeedAnswer(2_512_345_678n, 8)` is `"25.12345678"`.
 *
 * @example
 * ```ts
 * scaleFeedAnswer(2_512_345_678n, 8) // '25.12345678'
 * scaleFeedAnswer(-5n, 2) // '-0.05'
 * ```
 */
export function scaleFeedAnswer(answer: bigint, decimals: number): string {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 77)
    throw new InvalidFeedDecimalsError(decimals)
  const negative = answer < 0n
  const digits = (negative ? -answer : answer).toString().padStart(decimals + 1, '0')
  const whole = digits.slice(0, digits.length - decimals)
  const fraction = digits.slice(digits.length - decimals)
  return `${negative ? '-' : ''}${whole}${decimals > 0 ? `.${fraction}` : ''}`
}
