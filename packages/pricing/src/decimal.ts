import { BaseError } from '@idx/config'

/**
 * Exact decimal arithmetic on bigints: a number is `mantissa / 10^scale`.
 *
 * `add`, `sub` and `mul` are exact (the result's scale is as large as it must
 * be). Only `div` and `round` can lose digits, and both take the scale to
 * round to and the rounding mode explicitly:
 *
 * - `'half-even'` (the default): to the nearest, ties to the even last digit
 *   (banker's rounding — sums of many rounded values carry no bias);
 * - `'truncate'`: toward zero.
 *
 * `format` prints the exact value with no exponent and no trailing fractional
 * zeros (`'1.5'`, `'0'`, `'-0.000001'`); `parse` reads the same form (and
 * trailing zeros, a leading `+`).
 *
 * This file is one module rather than one function per file: the operations
 * of one small value type read best side by side. Import it as a namespace:
 *
 * @example
 * ```ts
 * import * as decimal from './decimal'
 *
 * const avax = decimal.fromBaseUnits(1_500_000_000_000_000_000n, 18) // 1.5
 * const usd = decimal.mul(avax, decimal.parse('25.12345678')) // exact: 37.68518517
 * decimal.format(decimal.div(usd, decimal.parse('3'), 30)) // '12.56172839'
 * ```
 */
export type Decimal = {
  /** The digits, as an integer. */
  readonly mantissa: bigint
  /** How many of them are fractional (a non-negative integer). */
  readonly scale: number
}

/** How `div` and `round` drop digits. */
export type Rounding = 'half-even' | 'truncate'

/** The scale every value and price idx stores is rounded to (`Decimal(78, 30)`). */
export const SCALE = 30

export type InvalidDecimalErrorType = InvalidDecimalError

/** A string that is not a plain decimal number. */
export class InvalidDecimalError extends BaseError {
  override name = 'InvalidDecimalError'
  constructor(value: string, what = 'a decimal number') {
    super(
      `${JSON.stringify(value)} is not ${what}: expected digits with an optional fraction, like "25.12345678".`,
    )
  }
}

export type DivisionByZeroErrorType = DivisionByZeroError

/** A division whose divisor is zero. */
export class DivisionByZeroError extends BaseError {
  override name = 'DivisionByZeroError'
  constructor(dividend: Decimal) {
    super(`Cannot divide ${JSON.stringify(format(dividend))} by zero.`)
  }
}

const powers: bigint[] = [1n]

/** 10^n as a bigint (cached). */
export function pow10(n: number): bigint {
  for (let i = powers.length; i <= n; i++) powers.push(powers[i - 1]! * 10n)
  return powers[n]!
}

/** Zero, at scale 0. */
export const ZERO: Decimal = { mantissa: 0n, scale: 0 }

const pattern = /^[+-]?\d+(?:\.\d+)?$/

/**
 * Reads a plain decimal string (`'25.12345678'`, `'-0.5'`, `'7'`); no
 * exponent, no separators. Throws `InvalidDecimalError`, naming the value as
 * `what` (`'an AVAX/USD price'`).
 */
export function parse(value: string, what?: string): Decimal {
  if (typeof value !== 'string' || !pattern.test(value)) throw new InvalidDecimalError(String(value), what)
  const point = value.indexOf('.')
  if (point < 0) return { mantissa: BigInt(value), scale: 0 }
  return { mantissa: BigInt(value.slice(0, point) + value.slice(point + 1)), scale: value.length - point - 1 }
}

/** An amount in a token's base units, in whole tokens: exact (`scale` = the token's decimals). */
export function fromBaseUnits(amount: bigint, decimals: number): Decimal {
  return { mantissa: amount, scale: decimals }
}

/** The exact value as a string: no exponent, no trailing fractional zeros. */
export function format(value: Decimal): string {
  const { mantissa, scale } = value
  if (scale === 0 || mantissa === 0n) return mantissa.toString()
  const negative = mantissa < 0n
  const digits = (negative ? -mantissa : mantissa).toString().padStart(scale + 1, '0')
  let end = digits.length
  const point = digits.length - scale
  while (end > point && digits.charCodeAt(end - 1) === 48) end--
  const whole = digits.slice(0, point)
  return `${negative ? '-' : ''}${end > point ? `${whole}.${digits.slice(point, end)}` : whole}`
}

/** `value` at a larger (or equal) scale, exactly. */
function rescale(value: Decimal, scale: number): bigint {
  return scale === value.scale ? value.mantissa : value.mantissa * pow10(scale - value.scale)
}

/** `numerator / denominator` as an integer, rounded (denominator > 0). */
function divideIntegers(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  const quotient = numerator / denominator // truncates toward zero
  if (rounding === 'truncate') return quotient
  const remainder = numerator % denominator
  if (remainder === 0n) return quotient
  const twice = (remainder < 0n ? -remainder : remainder) * 2n
  if (twice < denominator || (twice === denominator && quotient % 2n === 0n)) return quotient
  return numerator < 0n ? quotient - 1n : quotient + 1n
}

/** `a + b`, exactly. */
export function add(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale)
  return { mantissa: rescale(a, scale) + rescale(b, scale), scale }
}

/** `a - b`, exactly. */
export function sub(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale)
  return { mantissa: rescale(a, scale) - rescale(b, scale), scale }
}

/** `a × b`, exactly (the scales add up). */
export function mul(a: Decimal, b: Decimal): Decimal {
  return { mantissa: a.mantissa * b.mantissa, scale: a.scale + b.scale }
}

/**
 * `a ÷ b` rounded once to `scale` fractional digits (`'half-even'` unless
 * told otherwise). Throws `DivisionByZeroError`.
 */
export function div(
  a: Decimal,
  b: Decimal,
  scale: number = SCALE,
  rounding: Rounding = 'half-even',
): Decimal {
  if (b.mantissa === 0n) throw new DivisionByZeroError(a)
  // a/b = (a.m / 10^a.s) / (b.m / 10^b.s); the result's mantissa at `scale`
  // is a.m × 10^(scale + b.s − a.s) / b.m.
  const shift = scale + b.scale - a.scale
  let numerator = a.mantissa
  let denominator = b.mantissa
  if (shift >= 0) numerator *= pow10(shift)
  else denominator *= pow10(-shift)
  if (denominator < 0n) {
    numerator = -numerator
    denominator = -denominator
  }
  return { mantissa: divideIntegers(numerator, denominator, rounding), scale }
}

/**
 * `value` with at most `scale` fractional digits: unchanged when it has no
 * more, else rounded once (`'half-even'` unless told otherwise).
 */
export function round(value: Decimal, scale: number = SCALE, rounding: Rounding = 'half-even'): Decimal {
  if (value.scale <= scale) return value
  return { mantissa: divideIntegers(value.mantissa, pow10(value.scale - scale), rounding), scale }
}

/**
 * `value` with exactly `scale` fractional digits: padded when it has fewer,
 * rounded once when it has more (`'half-even'` unless told otherwise).
 */
export function atScale(value: Decimal, scale: number = SCALE, rounding: Rounding = 'half-even'): Decimal {
  return value.scale <= scale ? { mantissa: rescale(value, scale), scale } : round(value, scale, rounding)
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale)
  const x = rescale(a, scale)
  const y = rescale(b, scale)
  return x < y ? -1 : x > y ? 1 : 0
}

/** The sign of `value`: -1, 0 or 1. */
export function sign(value: Decimal): -1 | 0 | 1 {
  return value.mantissa < 0n ? -1 : value.mantissa > 0n ? 1 : 0
}

/** `|value|`. */
export function abs(value: Decimal): Decimal {
  return value.mantissa < 0n ? { mantissa: -value.mantissa, scale: value.scale } : value
}
