import { expect, test } from 'vitest'
import { hashOf } from '../_test/blocks'
import { eventId } from './eventId'

const hash = hashOf('a transaction')

test('default', () => {
  expect(eventId({ chainId: 43114, transactionHash: hash, logIndex: 7, kind: 'pool_swap' })).toBe(
    `43114:${hash}:7:pool_swap`,
  )
})

test('behavior: a part for the events one log gives', () => {
  expect(
    eventId({ chainId: 43114, transactionHash: hash, logIndex: 9, kind: 'position', part: '2:to' }),
  ).toBe(`43114:${hash}:9:position:2:to`)
})

test('behavior: an id for the record of an undecodable log', () => {
  expect(eventId({ chainId: 43114, transactionHash: hash, logIndex: 3, kind: 'undecodable' })).toBe(
    `43114:${hash}:3:undecodable`,
  )
})

test('behavior: the hash is lowercased, so any spelling gives the same id', () => {
  const upper = `0x${hash.slice(2).toUpperCase()}` as const
  expect(eventId({ chainId: 43114, transactionHash: upper, logIndex: 0, kind: 'transfer' })).toBe(
    eventId({ chainId: 43114, transactionHash: hash, logIndex: 0, kind: 'transfer' }),
  )
})

test('behavior: chain, transaction, log and kind each tell ids apart', () => {
  const base = { chainId: 43114, transactionHash: hash, logIndex: 0, kind: 'transfer' } as const
  const ids = [
    eventId(base),
    eventId({ ...base, chainId: 43113 }),
    eventId({ ...base, transactionHash: hashOf('another transaction') }),
    eventId({ ...base, logIndex: 1 }),
    eventId({ ...base, kind: 'trade' }),
    eventId({ ...base, part: 'to' }),
  ]
  expect(new Set(ids).size).toBe(ids.length)
})
