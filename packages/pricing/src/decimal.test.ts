import { describe, expect, test } from 'vitest'
import * as decimal from './decimal'

const d = (value: string) => decimal.parse(value)
const f = decimal.format

describe('parse and format', () => {
  test('default', () => {
    expect(d('25.12345678')).toEqual({ mantissa: 2_512_345_678n, scale: 8 })
    expect(f(d('25.12345678'))).toBe('25.12345678')
  })

  test('behavior: trailing zeros, signs, zero, values below one', () => {
    expect(f(d('1.500'))).toBe('1.5')
    expect(f(d('100'))).toBe('100')
    expect(f(d('100.000'))).toBe('100')
    expect(f(d('+7'))).toBe('7')
    expect(f(d('-0.000001'))).toBe('-0.000001')
    expect(f(d('0.0'))).toBe('0')
    expect(f(d('-0'))).toBe('0')
    expect(f(d('007.50'))).toBe('7.5')
  })

  test('behavior: exact far beyond binary floats', () => {
    const text = '123456789012345678901234567890.123456789012345678901234567891'
    expect(f(d(text))).toBe(text)
    expect(f(decimal.fromBaseUnits(1n, 18))).toBe('0.000000000000000001')
    expect(f(decimal.fromBaseUnits(10n ** 30n, 18))).toBe('1000000000000')
    expect(f(decimal.fromBaseUnits(2_500_000n, 6))).toBe('2.5')
  })

  test.each(['', '1e5', '1.', '.5', '1,000', ' 1', 'NaN', '0x10', '--1'])('error: %j is refused', (value) => {
    expect(() => d(value)).toThrow(decimal.InvalidDecimalError)
  })

  test('error: the message names what was expected', () => {
    expect(() => decimal.parse('1e5', 'an AVAX/USD price')).toThrowErrorMatchingInlineSnapshot(
      `[InvalidDecimalError: "1e5" is not an AVAX/USD price: expected digits with an optional fraction, like "25.12345678".]`,
    )
  })
})

describe('exact operations', () => {
  test('add and sub align scales exactly', () => {
    expect(f(decimal.add(d('0.1'), d('0.2')))).toBe('0.3')
    expect(f(decimal.add(d('1'), decimal.fromBaseUnits(1n, 30)))).toBe('1.000000000000000000000000000001')
    expect(f(decimal.sub(d('0.3'), d('0.1')))).toBe('0.2')
    expect(f(decimal.sub(d('1'), d('2.5')))).toBe('-1.5')
  })

  test('mul adds scales and never rounds', () => {
    expect(decimal.mul(d('1.5'), d('25.12345678'))).toEqual({ mantissa: 37_685_185_170n, scale: 9 })
    expect(f(decimal.mul(d('1.5'), d('25.12345678')))).toBe('37.68518517')
    expect(f(decimal.mul(decimal.fromBaseUnits(1n, 18), d('0.000000000000000000000000000001')))).toBe(
      '0.000000000000000000000000000000000000000000000001',
    )
    expect(f(decimal.mul(d('-2'), d('0.5')))).toBe('-1')
  })

  test('compare, sign, abs', () => {
    expect(decimal.compare(d('1.10'), d('1.1'))).toBe(0)
    expect(decimal.compare(d('1.09'), d('1.1'))).toBe(-1)
    expect(decimal.compare(d('-1'), d('-2'))).toBe(1)
    expect(decimal.sign(d('-0.1'))).toBe(-1)
    expect(decimal.sign(d('0.000'))).toBe(0)
    expect(f(decimal.abs(d('-3.5')))).toBe('3.5')
  })
})

describe('div and round', () => {
  test('default: 30 fractional digits, half-even', () => {
    expect(f(decimal.div(d('1'), d('3')))).toBe('0.333333333333333333333333333333')
    expect(f(decimal.div(d('2'), d('3')))).toBe('0.666666666666666666666666666667')
    expect(f(decimal.div(d('-2'), d('3')))).toBe('-0.666666666666666666666666666667')
    expect(f(decimal.div(d('2'), d('-3')))).toBe('-0.666666666666666666666666666667')
    expect(f(decimal.div(d('37.68518517'), d('3')))).toBe('12.56172839')
  })

  test('behavior: ties go to the even digit', () => {
    const at0 = (value: string) => f(decimal.div(d(value), d('1'), 0))
    expect([at0('0.5'), at0('1.5'), at0('2.5'), at0('3.5'), at0('-0.5'), at0('-1.5'), at0('-2.5')]).toEqual([
      '0',
      '2',
      '2',
      '4',
      '0',
      '-2',
      '-2',
    ])
    expect(f(decimal.round(d('0.125'), 2))).toBe('0.12')
    expect(f(decimal.round(d('0.135'), 2))).toBe('0.14')
    expect(f(decimal.round(d('0.1251'), 2))).toBe('0.13')
  })

  test("behavior: 'truncate' rounds toward zero", () => {
    expect(f(decimal.div(d('2'), d('3'), 4, 'truncate'))).toBe('0.6666')
    expect(f(decimal.div(d('-2'), d('3'), 4, 'truncate'))).toBe('-0.6666')
    expect(f(decimal.round(d('1.999'), 1, 'truncate'))).toBe('1.9')
  })

  test('behavior: round and atScale leave shorter values exact', () => {
    expect(decimal.round(d('1.5'), 30)).toEqual({ mantissa: 15n, scale: 1 })
    expect(decimal.atScale(d('1.5'), 3)).toEqual({ mantissa: 1500n, scale: 3 })
    expect(decimal.atScale(d('1.2345'), 3)).toEqual({ mantissa: 1234n, scale: 3 })
  })

  test('behavior: matches the definition of half-even on 2,000 pseudo-random divisions', () => {
    // Deterministic LCG; checks q against the exact rational a/b:
    // |a·10^s − q·b| ≤ |b|/2, with q even on a tie.
    let seed = 42n
    const next = () => {
      seed = (seed * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n
      return seed
    }
    for (let i = 0; i < 2_000; i++) {
      const a = { mantissa: (next() % 10n ** 20n) - 5n * 10n ** 19n, scale: Number(next() % 25n) }
      let bm = (next() % 10n ** 12n) - 5n * 10n ** 11n
      if (bm === 0n) bm = 7n
      const b = { mantissa: bm, scale: Number(next() % 25n) }
      const scale = Number(next() % 35n)
      const q = decimal.div(a, b, scale)
      expect(q.scale).toBe(scale)
      // a/b − q/10^scale, all over the common denominator b.m·10^(a.s + scale) (up to sign of b.m):
      const lhs =
        a.mantissa * 10n ** BigInt(b.scale + scale) - q.mantissa * b.mantissa * 10n ** BigInt(a.scale)
      const half = b.mantissa * 10n ** BigInt(a.scale)
      const twice = 2n * (lhs < 0n ? -lhs : lhs)
      const limit = half < 0n ? -half : half
      expect(twice <= limit).toBe(true)
      if (twice === limit) expect(q.mantissa % 2n).toBe(0n)
    }
  })

  test('error: division by zero', () => {
    expect(() => decimal.div(d('1.5'), d('0.00'))).toThrowErrorMatchingInlineSnapshot(
      `[DivisionByZeroError: Cannot divide "1.5" by zero.]`,
    )
  })
})
