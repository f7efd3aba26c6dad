import { testDatabase } from '@idx/testkit'
import { afterEach, describe, expect, test } from 'vitest'
import { connectTarget, type TargetConnection } from '../runtime/connection'
import { createDatabase } from '../runtime/databases'
import { COPY_NULL, copyBool, copyRows, copyText, copyTimestamp, copyValue } from './copyRows'
import { type BulkColumn, insertRows, intArrayLiteral, TIMESTAMP, textArrayLiteral } from './insertRows'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function connect(kind: 'postgres' | 'pglite'): Promise<TargetConnection> {
  const db = testDatabase(kind, { kind: 'model', model: 'bulk' })
  cleanups.push(db.drop)
  await createDatabase(db.target)
  const connection = await connectTarget(db.target)
  cleanups.push(connection.close)
  await connection.query(
    `create table "item" (
       "id" text primary key, "amount" numeric(78, 0), "size" int, "ok" bool, "note" text,
       "at" timestamp(3), "tags" text[], "bins" int[], "updated_at" timestamp(3))`,
  )
  return connection
}

type Item = { id: string; amount: bigint; size: number | null; ok: boolean; note: string | null; at: bigint }
const items: Item[] = [
  {
    id: 'a',
    amount: 10n ** 30n,
    size: 1,
    ok: true,
    note: 'tab\there, new\nline, back\\slash\r',
    at: 1_700_000_000n,
  },
  { id: 'b', amount: 0n, size: null, ok: false, note: null, at: 0n },
]
const columns: BulkColumn<Item>[] = [
  { name: 'id', type: 'text', value: (r) => r.id },
  { name: 'amount', type: 'numeric', value: (r) => r.amount.toString() },
  { name: 'size', type: 'int', value: (r) => r.size },
  { name: 'ok', type: 'bool', value: (r) => r.ok },
  { name: 'note', type: 'text', value: (r) => r.note },
  { name: 'at', type: 'bigint', value: (r) => r.at.toString(), cast: TIMESTAMP },
  { name: 'tags', type: 'text', value: (r) => textArrayLiteral([r.id, 'x']), cast: '$::text[]' },
  { name: 'bins', type: 'text', value: () => intArrayLiteral([1, -2]), cast: '$::int[]' },
]
const read = (connection: TargetConnection) =>
  connection.query<Record<string, unknown>>(
    `select id, amount::text, size, ok, note, to_char(at, 'YYYY-MM-DD HH24:MI:SS') as at, tags, bins,
            updated_at is not null as touched
       from item order by id`,
  )
const expected = [
  {
    id: 'a',
    amount: '1000000000000000000000000000000',
    size: 1,
    ok: true,
    note: 'tab\there, new\nline, back\\slash\r',
    at: '2023-11-14 22:13:20',
    tags: ['a', 'x'],
    bins: [1, -2],
  },
  {
    id: 'b',
    amount: '0',
    size: null,
    ok: false,
    note: null,
    at: '1970-01-01 00:00:00',
    tags: ['b', 'x'],
    bins: [1, -2],
  },
]

describe.each(['postgres', 'pglite'] as const)('%s', (kind) => {
  test('insertRows: every column type and cast, returning and touch', async () => {
    const connection = await connect(kind)
    const returned = await insertRows<Item, { id: string }>(connection.query, 'item', columns, items, {
      returning: ['id'],
      touch: true,
    })
    expect(returned.map((row) => row.id).sort()).toEqual(['a', 'b'])
    expect(await read(connection)).toEqual(expected.map((row) => ({ ...row, touched: true })))
  })

  test('insertRows: the suffix (on conflict) applies, and no rows is no statement', async () => {
    const connection = await connect(kind)
    expect(await insertRows(connection.query, 'item', columns, [])).toEqual([])
    await insertRows(connection.query, 'item', columns, items)
    await insertRows(connection.query, 'item', columns, [{ ...items[1]!, size: 7 }], {
      suffix: 'on conflict (id) do update set size = excluded.size',
    })
    const rows = await read(connection)
    expect(rows.map((row) => [row.id, row.size, row.touched])).toEqual([
      ['a', 1, false],
      ['b', 7, false],
    ])
  })

  test('copyRows: the COPY text format round-trips what insertRows writes', async () => {
    const connection = await connect(kind)
    await connection.transaction((_, copy) =>
      copyRows(copy, 'item', ['id', 'amount', 'size', 'ok', 'note', 'at', 'tags', 'bins'], items, (r) => [
        copyText(r.id),
        copyValue(r.amount),
        copyValue(r.size),
        copyBool(r.ok),
        copyText(r.note),
        copyTimestamp(r.at),
        copyText(textArrayLiteral([r.id, 'x'])),
        copyValue(intArrayLiteral([1, -2])),
      ]),
    )
    expect(await read(connection)).toEqual(expected.map((row) => ({ ...row, touched: false })))
  })
})

test('copy encoders: NULL, escapes, booleans, timestamps', () => {
  expect(copyText(null)).toBe(COPY_NULL)
  expect(copyText('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re')
  expect(copyText('plain')).toBe('plain')
  expect(copyValue(12n)).toBe('12')
  expect(copyValue(null)).toBe('\\N')
  expect(copyBool(false)).toBe('f')
  expect(copyTimestamp(1n)).toBe('1970-01-01T00:00:01.000Z')
})
