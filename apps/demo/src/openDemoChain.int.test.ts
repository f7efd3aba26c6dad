import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { type DemoChain, demoChainFiles, openDemoChain, parseChainInfo } from './openDemoChain'

let dir: string
let made: DemoChain['info']
const lines: string[] = []
const log = (line: string) => lines.push(line)

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'idx-demo-chain-'))
  const chain = await openDemoChain({ dir, blocks: 3, log })
  try {
    made = chain.info
    expect(chain.reused).toBe(false)
    expect(chain.notReusedBecause).toBeUndefined()
    // What was saved is what the node says.
    const head = await chain.client.getBlock()
    expect(made.head).toEqual({ number: head.number, hash: head.hash })
    expect(made.activity.toBlock - made.activity.fromBlock + 1n).toBe(3n)
  } finally {
    await chain.stop()
  }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

test('default: a saved chain is reloaded as it was', async () => {
  const chain = await openDemoChain({ dir, blocks: 3, log })
  try {
    expect(chain.reused).toBe(true)
    expect(chain.info).toEqual(made)
    const head = await chain.client.getBlock()
    expect(head.hash).toBe(made.head.hash)
    // The market's state came back too: its pairs have code and reserves.
    expect(await chain.client.getCode({ address: made.market.pairs.blubWavax.address })).toBeDefined()
  } finally {
    await chain.stop()
  }
  expect(lines).toContain(
    `Reloading the saved chain (chain-state.json.gz, blocks ${made.market.blocks.first}–${made.head.number}).`,
  )
})

test('behavior: another number of blocks makes the chain again, and says why', async () => {
  const chain = await openDemoChain({ dir, blocks: 4, log })
  try {
    expect(chain.reused).toBe(false)
    expect(chain.notReusedBecause).toBe('it has 3 blocks of trading and 4 were asked for')
    // Same seed, same start: the first blocks are the same blocks.
    const block = await chain.client.getBlock({ blockNumber: made.head.number })
    expect(block.hash).toBe(made.head.hash)
    expect(chain.info.head.number).toBe(made.head.number + 1n)
  } finally {
    await chain.stop()
  }
  // Back to 3 blocks for the next tests.
  const again = await openDemoChain({ dir, blocks: 3, log })
  await again.stop()
  expect(again.info.head).toEqual(made.head)
})

test('behavior: a saved chain that reloads differently is made again', async () => {
  const files = demoChainFiles(dir)
  const info = JSON.parse(readFileSync(files.info, 'utf8'))
  const wrongHash = `0x${'ab'.repeat(32)}`
  writeFileSync(files.info, JSON.stringify({ ...info, head: { ...info.head, hash: wrongHash } }))
  const chain = await openDemoChain({ dir, blocks: 3, log })
  await chain.stop()
  expect(chain.reused).toBe(false)
  expect(chain.notReusedBecause).toBe(
    `it did not reload consistently: block ${made.head.number}'s hash is ${made.head.hash}, not ${wrongHash}`,
  )
  expect(parseChainInfo(readFileSync(files.info, 'utf8')).head).toEqual(made.head)
})

test('behavior: an unreadable state is made again', async () => {
  const files = demoChainFiles(dir)
  writeFileSync(files.state, 'not gzip')
  const chain = await openDemoChain({ dir, blocks: 3, log })
  await chain.stop()
  expect(chain.reused).toBe(false)
  expect(chain.notReusedBecause).toMatch(/^it could not be reloaded \(.+\)$/)
  // …and saved again, readable this time.
  const reloaded = await openDemoChain({ dir, blocks: 3, log })
  await reloaded.stop()
  expect(reloaded.reused).toBe(true)
})

test('behavior: a description without its state is not taken for a saved chain', async () => {
  const files = demoChainFiles(dir)
  rmSync(files.state)
  const chain = await openDemoChain({ dir, blocks: 3, log })
  await chain.stop()
  expect(chain.reused).toBe(false)
  expect(chain.notReusedBecause).toBe(`its state file "${files.state}" is missing`)
})
