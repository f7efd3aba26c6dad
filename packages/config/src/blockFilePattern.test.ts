import { describe, expect, test } from 'vitest'
import { parseBlockFilePattern } from './blockFilePattern'

const ORIGINAL = 'avalanche-mainnet_block_with_receipts_{from:012}-{to:012}.json'

describe('parseBlockFilePattern', () => {
  test('default: the original system range files', () => {
    const pattern = parseBlockFilePattern(ORIGINAL)
    expect(pattern).toMatchObject({ kind: 'range', format: 'json', gzip: false })
    expect(pattern.match('avalanche-mainnet_block_with_receipts_000058219691-000058219790.json')).toEqual({
      from: 58_219_691n,
      to: 58_219_790n,
    })
    expect(pattern.name(58_219_691n, 58_219_790n)).toBe(
      'avalanche-mainnet_block_with_receipts_000058219691-000058219790.json',
    )
  })

  test('behavior: one file per block, unpadded (the default pattern)', () => {
    const pattern = parseBlockFilePattern('{number}.json')
    expect(pattern.kind).toBe('block')
    expect(pattern.match('58584385.json')).toEqual({ from: 58_584_385n, to: 58_584_385n })
    expect(pattern.match('058584385.json')).toBeUndefined() // unpadded: a leading zero is another name
    expect(pattern.name(7n)).toBe('7.json')
  })

  test('behavior: JSON Lines and gzip from the extension', () => {
    expect(parseBlockFilePattern('{from}-{to}.jsonl.gz')).toMatchObject({ format: 'jsonl', gzip: true })
    expect(parseBlockFilePattern('{from}-{to}.ndjson')).toMatchObject({ format: 'jsonl', gzip: false })
    expect(parseBlockFilePattern('{number}.json.gz')).toMatchObject({ format: 'json', gzip: true })
  })

  test('behavior: names that do not fit are not block files', () => {
    const pattern = parseBlockFilePattern('blocks_{from:04}-{to:04}.json.gz')
    for (const name of [
      'README.md',
      'blocks_0001-0002.json',
      'blocks_01-0002.json.gz',
      'blocks_0009-0002.json.gz',
    ])
      expect(pattern.match(name), name).toBeUndefined()
    expect(pattern.match('blocks_12345-12346.json.gz')).toEqual({ from: 12_345n, to: 12_346n }) // wider than the padding
    expect(pattern.match('blocks_0001-0001.json.gz')).toEqual({ from: 1n, to: 1n })
  })

  test.each([
    ['{number}', 'the file names must end in ".json", ".jsonl" or ".ndjson", optionally followed by ".gz"'],
    ['blocks/{number}.json', 'a file name pattern names files, not folders: it cannot contain "/" or "\\"'],
    [
      '{from}.json',
      'the pattern needs {number} (a file per block), or {from} and {to} (a file per range of blocks)',
    ],
    [
      '{number}-{from}-{to}.json',
      'the pattern needs {number} (a file per block), or {from} and {to} (a file per range of blocks)',
    ],
    ['{from}-{from}-{to}.json', '{from} appears more than once'],
    ['{block}.json', '"{block}" is not a placeholder; use {number}, or {from} and {to}'],
    [
      '{from}-{to:}.json',
      'a "{" or "}" is not part of a placeholder ({number}, {from}, {to}, optionally {from:012})',
    ],
  ])('error: %s', (text, message) => {
    expect(() => parseBlockFilePattern(text)).toThrow(message)
  })
})
