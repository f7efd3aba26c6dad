import { expect, test } from 'vitest'
import { scaleFeedAnswer } from './scaleFeedAnswer'

test('default', () => {
  expect(scaleFeedAnswer(2_512_345_678n, 8)).toBe('25.12345678')
})

test('behavior: values below one, zero, negatives and no decimals', () => {
  expect(scaleFeedAnswer(1n, 8)).toBe('0.00000001')
  expect(scaleFeedAnswer(0n, 8)).toBe('0.00000000')
  expect(scaleFeedAnswer(-5n, 2)).toBe('-0.05')
  expect(scaleFeedAnswer(42n, 0)).toBe('42')
})

test('behavior: exact beyond float precision', () => {
  expect(scaleFeedAnswer(123_456_789_012_345_678_901_234_567_890n, 18)).toBe(
    '123456789012.345678901234567890',
  )
})

test('error: invalid decimals', () => {
  expect(() => scaleFeedAnswer(1n, -1)).toThrowErrorMatchingInlineSnapshot(
    `[InvalidFeedDecimalsError: A price feed's decimals must be an integer between 0 and 77, got -1.]`,
  )
})
