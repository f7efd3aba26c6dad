import { describe, expect, test } from 'vitest'
import { ALICE, BLOCKS, BLUB, BLUB_WAVAX_LFJ_V1, LFJ_V1_ROUTER, WAVAX } from '../_test/avalanche'
import { createTestBlock, toStoredBlockJson } from '../_test/blocks'
import { erc20Abi, uniswapV2PairAbi } from '../abi/abis'
import { parseStoredBlock } from './parseStoredBlock'

const FILE = 'blocks/61090576.json'

function validBlock() {
  const block = createTestBlock({ number: BLOCKS.lfjV1Swap })
  block
    .transaction({ from: ALICE, to: LFJ_V1_ROUTER })
    .log(WAVAX, erc20Abi, 'Transfer', { from: ALICE, to: BLUB_WAVAX_LFJ_V1, value: 10n ** 18n })
    .log(BLUB, erc20Abi, 'Transfer', { from: BLUB_WAVAX_LFJ_V1, to: ALICE, value: 5_000n * 10n ** 18n })
  block
    .transaction({ from: ALICE, to: BLUB_WAVAX_LFJ_V1 })
    .log(BLUB_WAVAX_LFJ_V1, uniswapV2PairAbi, 'Sync', { reserve0: 1n, reserve1: 2n })
  block.transaction({ from: ALICE, to: null }) // a contract creation, no logs
  return block.build()
}

// biome-ignore lint/suspicious/noExplicitAny: tests edit free-form JSON.
type Json = any

/** The stored JSON of the valid block, changed by `edit`; returns the first error's message. */
function errorOf(edit: (json: Json) => void, json = toStoredBlockJson(validBlock())): string {
  edit(json)
  try {
    parseStoredBlock(json, FILE)
  } catch (error) {
    expect((error as Error).name).toBe('InvalidStoredBlockError')
    return (error as Error).message
  }
  throw new Error('expected the stored block to be rejected')
}

test('default', () => {
  const block = validBlock()
  expect(parseStoredBlock(toStoredBlockJson(block), FILE)).toEqual(block)
})

describe('behavior', () => {
  test('reads the text of a file', () => {
    const block = validBlock()
    expect(parseStoredBlock(JSON.stringify(toStoredBlockJson(block)), FILE)).toEqual(block)
  })

  test('lowercases addresses and keeps contract creations', () => {
    const parsed = parseStoredBlock(toStoredBlockJson(validBlock()), FILE)
    expect(parsed.transactions.map((transaction) => [transaction.from, transaction.to])).toEqual([
      [ALICE, LFJ_V1_ROUTER],
      [ALICE, BLUB_WAVAX_LFJ_V1],
      [ALICE, null],
    ])
    expect(parsed.logs.map((log) => log.address)).toEqual([WAVAX, BLUB, BLUB_WAVAX_LFJ_V1])
  })

  test('accepts { block, receipts } (block with receipts)', () => {
    const block = validBlock()
    const { receipts, ...rest } = toStoredBlockJson(block)
    expect(parseStoredBlock({ block: rest, receipts }, FILE)).toEqual(block)
  })

  test('accepts a one-block list and a stream payload', () => {
    const block = validBlock()
    const json = toStoredBlockJson(block)
    expect(parseStoredBlock([json], FILE)).toEqual(block)
    const { receipts, ...rest } = json
    const payload = { metadata: { dataset: 'block_with_receipts' }, data: [{ block: rest, receipts }] }
    expect(parseStoredBlock(payload, FILE)).toEqual(block)
  })

  test('keeps the block-wide log indexes', () => {
    const parsed = parseStoredBlock(toStoredBlockJson(validBlock()), FILE)
    expect(parsed.logs.map((log) => [log.transactionIndex, log.logIndex])).toEqual([
      [0, 0],
      [0, 1],
      [1, 2],
    ])
  })
})

describe('error', () => {
  test('not JSON', () => {
    expect(() => parseStoredBlock('{"number":', FILE)).toThrowErrorMatchingInlineSnapshot(
      `[InvalidStoredBlockError: The stored block file "blocks/61090576.json" is invalid: it is not valid JSON (Unexpected end of JSON input).]`,
    )
  })

  test('a decimal block number', () => {
    expect(
      errorOf((json) => {
        json.number = '61090576'
      }),
    ).toMatchInlineSnapshot(
      `"The stored block file "blocks/61090576.json" is invalid at "number": expected a hex quantity such as "0x1a", got "61090576"."`,
    )
  })

  test('a missing hash', () => {
    expect(
      errorOf((json) => {
        delete json.hash
      }),
    ).toMatchInlineSnapshot(
      `"The stored block file "blocks/61090576.json" is invalid at "hash": expected a 32-byte hash (0x followed by 64 hex digits), got nothing."`,
    )
  })

  test('no receipts', () => {
    expect(
      errorOf((json) => {
        delete json.receipts
      }),
    ).toMatchInlineSnapshot(
      `"The stored block file "blocks/61090576.json" is invalid at "receipts": expected the block's receipts (the result of eth_getBlockReceipts), got nothing."`,
    )
  })

  test('transaction hashes instead of objects', () => {
    expect(
      errorOf((json) => {
        json.transactions = json.transactions.map((transaction: Json) => transaction.hash)
      }),
    ).toMatchInlineSnapshot(
      `"The stored block file "blocks/61090576.json" is invalid at "transactions[0]": expected a transaction object, got a transaction hash (store blocks fetched with eth_getBlockByNumber(n, true))."`,
    )
  })

  test('a transaction out of place', () => {
    expect(
      errorOf((json) => {
        json.transactions[1].transactionIndex = '0x5'
      }),
    ).toMatchInlineSnapshot(
      `"The stored block file "blocks/61090576.json" is invalid at "transactions[1].transactionIndex": expected "1" (its position), got "5"."`,
    )
  })

  test('a bad sender address', () => {
    expect(
      errorOf((json) => {
        json.transactions[2].from = '0x1234'
      }),
    ).toMatchInlineSnapshot(
      `"The stored block file "blocks/61090576.json" is invalid at "transactions[2].from": expected an address (0x followed by 40 hex digits), got "0x1234"."`,
    )
  })

  test('a missing receipt', () => {
    expect(
      errorOf((json) => {
        json.receipts.pop()
      }),
    ).toMatchInlineSnapshot(
      `"The stored block file "blocks/61090576.json" is invalid at "receipts": expected one receipt per transaction ("3"), got "2"."`,
    )
  })

  test('a receipt of another transaction', () => {
    expect(
      errorOf((json) => {
        json.receipts.reverse()
      }),
    ).toMatch(
      /^The stored block file "blocks\/61090576.json" is invalid at "receipts\[0\].transactionHash": expected "0x/,
    )
  })

  test('a log of another block', () => {
    expect(
      errorOf((json) => {
        json.receipts[0].logs[1].blockNumber = '0x1'
      }),
    ).toMatchInlineSnapshot(
      `"The stored block file "blocks/61090576.json" is invalid at "receipts[0].logs[1].blockNumber": expected the block's number "61090576", got "1"."`,
    )
  })

  test('log indexes out of order', () => {
    expect(
      errorOf((json) => {
        json.receipts[1].logs[0].logIndex = '0x1'
      }),
    ).toMatchInlineSnapshot(
      `"The stored block file "blocks/61090576.json" is invalid at "receipts[1].logs[0].logIndex": expected a log index above the previous log's "1", got "1"."`,
    )
  })

  test('a short topic', () => {
    expect(
      errorOf((json) => {
        json.receipts[0].logs[0].topics[2] = '0xabcd'
      }),
    ).toMatchInlineSnapshot(
      `"The stored block file "blocks/61090576.json" is invalid at "receipts[0].logs[0].topics[2]": expected a 32-byte hash (0x followed by 64 hex digits), got "0xabcd"."`,
    )
  })

  test('data of half a byte', () => {
    expect(
      errorOf((json) => {
        json.receipts[0].logs[0].data = '0x123'
      }),
    ).toMatchInlineSnapshot(
      `"The stored block file "blocks/61090576.json" is invalid at "receipts[0].logs[0].data": expected hex data (0x followed by whole bytes), got "0x123"."`,
    )
  })

  test('a removed log', () => {
    expect(
      errorOf((json) => {
        json.receipts[0].logs[0].removed = true
      }),
    ).toMatchInlineSnapshot(
      `"The stored block file "blocks/61090576.json" is invalid at "receipts[0].logs[0].removed": the log is marked removed (it was reorganised out)."`,
    )
  })

  test('a field path inside { block, receipts }', () => {
    const { receipts, ...rest } = toStoredBlockJson(validBlock())
    expect(
      errorOf(
        (json) => {
          json.block.timestamp = 1733000000
        },
        { block: rest, receipts },
      ),
    ).toMatchInlineSnapshot(
      `"The stored block file "blocks/61090576.json" is invalid at "block.timestamp": expected a hex quantity such as "0x1a", got 1733000000."`,
    )
  })

  test('several blocks in one file', () => {
    const json = toStoredBlockJson(validBlock())
    expect(() =>
      parseStoredBlock({ metadata: {}, data: [json, json] }, FILE),
    ).toThrowErrorMatchingInlineSnapshot(
      `[InvalidStoredBlockError: The stored block file "blocks/61090576.json" is invalid at "data": expected exactly one block, got a list of "2" (store one block per file).]`,
    )
  })

  test('the error names the file and the field', () => {
    try {
      parseStoredBlock({ ...toStoredBlockJson(validBlock()), parentHash: null }, FILE)
      expect.unreachable()
    } catch (error) {
      expect(error).toMatchObject({ file: FILE, field: 'parentHash' })
    }
  })
})
