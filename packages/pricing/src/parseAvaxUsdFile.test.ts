import { describe, expect, test } from 'vitest'
import { parseAvaxUsdFile } from './parseAvaxUsdFile'

const csv = (text: string) => parseAvaxUsdFile({ text, file: 'avax.csv', decimals: 8 })
const json = (value: unknown) =>
  parseAvaxUsdFile({ text: JSON.stringify(value), file: 'avax.json', decimals: 8 })

test('default: CSV rows keyed by block, with prices turned into the feed’s answers exactly, in block order', () => {
  expect(
    csv(`# exported by hand
block,price,round_id
1000,25.5,7
"999", 24.12345678 ,6

10,3,1
`),
  ).toEqual({
    keyedBy: 'block',
    rows: [
      { where: 'line 6', block: 10n, answer: 300_000_000n, roundId: 1n },
      { where: 'line 4', block: 999n, answer: 2_412_345_678n, roundId: 6n },
      { where: 'line 3', block: 1000n, answer: 2_550_000_000n, roundId: 7n },
    ],
  })
})

test('behavior: JSON rows with raw answers, answered_at and block_time (Unix seconds or ISO 8601)', () => {
  expect(
    json([
      { block: 58220057, answer: '2512345678', answered_at: '2025-03-01T12:00:00Z', block_time: 1740830430 },
      { block: '58220058', answer: 2512345679, round_id: null, answered_at: 1740830431, block_time: null },
    ]),
  ).toEqual({
    keyedBy: 'block',
    rows: [
      {
        where: 'row 1',
        block: 58220057n,
        answer: 2_512_345_678n,
        roundId: 0n,
        answeredAt: 1_740_830_400n,
        blockTime: 1_740_830_430n,
      },
      { where: 'row 2', block: 58220058n, answer: 2_512_345_679n, roundId: 0n, answeredAt: 1_740_830_431n },
    ],
  })
})

test('behavior: rows keyed by the time the feed gave each answer', () => {
  expect(csv('timestamp,answer\n2025-03-01T12:00:00Z,2500000000\n1740830300,2490000000\n')).toEqual({
    keyedBy: 'time',
    rows: [
      { where: 'line 3', time: 1_740_830_300n, answer: 2_490_000_000n, roundId: 0n },
      { where: 'line 2', time: 1_740_830_400n, answer: 2_500_000_000n, roundId: 0n },
    ],
  })
})

describe('error: every problem names the file, the line or row, and the value', () => {
  test('the file itself', () => {
    expect(() =>
      parseAvaxUsdFile({ text: '', file: 'avax.txt', decimals: 8 }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[AvaxUsdFileError: The AVAX/USD file "avax.txt" is neither CSV (.csv) nor JSON (.json).]`,
    )
    expect(() => csv('block,price\n')).toThrowErrorMatchingInlineSnapshot(`
      [AvaxUsdFileError: The AVAX/USD file "avax.csv" holds no answer.
      Expected columns: "block" (or "timestamp"), and "answer" (the raw answer) or "price" (USD per AVAX); optional "round_id", "answered_at", "block_time".]
    `)
    expect(() => parseAvaxUsdFile({ text: '[{"block": 1,', file: 'avax.json', decimals: 8 })).toThrowError(
      /^The AVAX\/USD file "avax.json" is not valid JSON: /,
    )
    expect(() => json({ block: 1, answer: 2 })).toThrowErrorMatchingInlineSnapshot(
      `[AvaxUsdFileError: The AVAX/USD file "avax.json" must hold a JSON list of objects (one per answer), not object.]`,
    )
  })

  test('columns', () => {
    expect(() => csv('block,usd\n1,2\n')).toThrowErrorMatchingInlineSnapshot(
      `[AvaxUsdFileError: The header (line 1) of "avax.csv" has the unknown column "usd"; the columns are block, timestamp, answer, price, round_id, answered_at, block_time.]`,
    )
    expect(() => csv('block,round_id\n1,2\n')).toThrowErrorMatchingInlineSnapshot(`
      [AvaxUsdFileError: The AVAX/USD file "avax.csv" has no "answer" or "price" column (its columns: block, round_id).
      Expected columns: "block" (or "timestamp"), and "answer" (the raw answer) or "price" (USD per AVAX); optional "round_id", "answered_at", "block_time".]
    `)
    expect(() => csv('block,timestamp,answer\n1,2,3\n')).toThrowErrorMatchingInlineSnapshot(
      `[AvaxUsdFileError: The AVAX/USD file "avax.csv" has both "block" and "timestamp" values: give one of them.]`,
    )
    expect(() => csv('timestamp,answer,block_time\n1,2,3\n')).toThrowErrorMatchingInlineSnapshot(
      `[AvaxUsdFileError: The AVAX/USD file "avax.csv" has a "block_time" column, but its rows are keyed by "timestamp" (the time the feed gave the answer): "block_time" goes with a "block" column.]`,
    )
    expect(() =>
      json([
        { block: 1, answer: 2 },
        { block: 2, price: 3 },
      ]),
    ).toThrowErrorMatchingInlineSnapshot(
      `[AvaxUsdFileError: The AVAX/USD file "avax.json" has both "answer" and "price" values: give one of them.]`,
    )
    expect(() => json([{ block: 1, answer: 2 }, { answer: 3 }])).toThrowErrorMatchingInlineSnapshot(
      `[AvaxUsdFileError: Row 2 of "avax.json": the block is missing; expected a block number.]`,
    )
  })

  test('values', () => {
    expect(() => csv('block,answer\n12a,2500000000\n')).toThrowErrorMatchingInlineSnapshot(
      `[AvaxUsdFileError: Line 2 of "avax.csv": the block "12a" is not a block number.]`,
    )
    expect(() => csv('block,answer\n12,-25\n')).toThrowErrorMatchingInlineSnapshot(
      `[AvaxUsdFileError: Line 2 of "avax.csv": the answer "-25" is not a positive integer (the feed’s raw answer).]`,
    )
    expect(() => csv('block,answer\n12,\n')).toThrowErrorMatchingInlineSnapshot(
      `[AvaxUsdFileError: Line 2 of "avax.csv": the answer is missing; expected a positive integer (the feed’s raw answer).]`,
    )
    expect(() => csv('block,price\n12,25.123456789\n')).toThrowErrorMatchingInlineSnapshot(
      `[AvaxUsdFileError: Line 2 of "avax.csv": the price "25.123456789" has more than 8 decimals, the feed's: give its answer instead.]`,
    )
    expect(() => csv('block,price\n12,0.000\n')).toThrowErrorMatchingInlineSnapshot(
      `[AvaxUsdFileError: Line 2 of "avax.csv": the price "0.000" is not above zero.]`,
    )
    expect(() => csv('block,price\n12,25\n13\n')).toThrowErrorMatchingInlineSnapshot(
      `[AvaxUsdFileError: Line 3 of "avax.csv" has 1 field, but the header has 2 (block, price).]`,
    )
    expect(() => csv('block,price\n12,25\n13,26\n12,27\n')).toThrowErrorMatchingInlineSnapshot(
      `[AvaxUsdFileError: Line 4 of "avax.csv": block 12 is listed again (first on line 2).]`,
    )
    expect(() =>
      csv('block,price,answered_at,block_time\n12,25,yesterday,1\n'),
    ).toThrowErrorMatchingInlineSnapshot(
      `[AvaxUsdFileError: Line 2 of "avax.csv": answered_at "yesterday" is neither Unix seconds nor an ISO 8601 time (2025-03-01T12:00:00Z).]`,
    )
    expect(() =>
      csv('block,price,answered_at,block_time\n12,25,100,90\n'),
    ).toThrowErrorMatchingInlineSnapshot(
      `[AvaxUsdFileError: Line 2 of "avax.csv": answered_at (100) is after block_time (90): an answer as of a block was given before it.]`,
    )
    expect(() => json([{ block: 1, answer: 2.5e20 }])).toThrowErrorMatchingInlineSnapshot(
      `[AvaxUsdFileError: Row 1 of "avax.json": "answer" is 250000000000000000000, not an integer JSON can hold exactly; write it as a string.]`,
    )
  })
})
