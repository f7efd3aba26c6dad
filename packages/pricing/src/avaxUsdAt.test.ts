import { expect, test } from 'vitest'
import { avaxUsdAt } from './avaxUsdAt'

const feed = { address: '0x0a77230d17318075983913bc2145db16c7366156', decimals: 8, heartbeatSeconds: 60 }

test('default: the answer scaled by the feed decimals, with its age', () => {
  expect(
    avaxUsdAt(
      { number: 100n, timestamp: 1_000n },
      { answer: 2_512_345_678n, roundId: 7n, updatedAt: 990n },
      feed,
    ),
  ).toMatchInlineSnapshot(`
      {
        "ageSeconds": 10,
        "answer": 2512345678n,
        "blockNumber": 100n,
        "price": "25.12345678",
        "roundId": 7n,
        "stale": false,
        "updatedAt": 990n,
      }
    `)
})

test('behavior: stale only past the heartbeat', () => {
  const at = (age: bigint) =>
    avaxUsdAt({ number: 1n, timestamp: 1_000n }, { answer: 1n, roundId: 1n, updatedAt: 1_000n - age }, feed)
      .stale
  expect([at(0n), at(60n), at(61n)]).toEqual([false, false, true])
})
