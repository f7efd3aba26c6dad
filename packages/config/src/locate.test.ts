import { expect, test } from 'vitest'
import { LineCounter, parseDocument } from 'yaml'
import { createLocator } from './locate'

const text = [
  'chain:', //                          1
  '  id: 43114', //                     2
  'contracts:', //                      3
  '  - address: "0xabc"', //            4
  '    pool:', //                       5
  '      base_token: BLUB', //          6
  '      pricing: { method: global }', // 7
  '  - name:', //                       8
  'list: [a, b]', //                    9
  '',
].join('\n')

const lineCounter = new LineCounter()
const locate = createLocator(parseDocument(text, { lineCounter }), lineCounter)

test('default: a path that exists points at its value', () => {
  expect(locate(['chain', 'id'])).toEqual({ line: 2, column: 7 })
  expect(locate(['contracts', 0, 'pool', 'base_token'])).toEqual({ line: 6, column: 19 })
  expect(locate(['contracts', 0, 'pool', 'pricing', 'method'])).toEqual({ line: 7, column: 26 })
  expect(locate(['list', 1])).toEqual({ line: 9, column: 11 })
})

test('options: at key', () => {
  expect(locate(['contracts', 0, 'pool'], { at: 'key' })).toEqual({ line: 5, column: 5 })
})

test('behavior: a list item points at its first key', () => {
  expect(locate(['contracts', 0])).toEqual({ line: 4, column: 5 })
})

test('behavior: an empty value points at its key', () => {
  expect(locate(['contracts', 1, 'name'])).toEqual({ line: 8, column: 5 })
})

test('behavior: a missing key points at the nearest existing ancestor', () => {
  expect(locate(['contracts', 0, 'pool', 'quote_token'])).toEqual({ line: 5, column: 5 })
  expect(locate(['contracts', 0, 'pool', 'pricing', 'start_block'])).toEqual({ line: 7, column: 7 })
  expect(locate(['contracts', 5, 'name'])).toEqual({ line: 3, column: 1 })
  expect(locate(['price_feeds', 'avax_usd'])).toEqual({ line: 1, column: 1 })
})

test('behavior: an empty document', () => {
  const counter = new LineCounter()
  expect(createLocator(parseDocument('', { lineCounter: counter }), counter)(['chain'])).toEqual({
    line: 1,
    column: 1,
  })
})
