// LFJ Liquidity Book pairs end to end through the stored-blocks source:
// block files built with viem's ABI encoding (the shape node providers'
// streams write), a shared + model configuration imported into real
// databases, and `runRange` writing the model database. The LB pair's token X
// and Y come from its configuration, or — with no `transformer` settings —
// from the pair itself through the model's rpc source (anvil, with a tiny
// contract answering getTokenX/getTokenY at the pair's address).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { listModelSources } from '@idx/shared-db'
import { type Anvil, createTestkitClient, startAnvil } from '@idx/testkit'
import { type Address, concat, type Hex, toFunctionSelector } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ALICE, BLUB, BLUB_WAVAX_LB, BOB, LB_ROUTER_V2_2, WAVAX, ZERO } from '../_test/avalanche'
import { createTestBlock, packAmounts, toStoredBlockJson } from '../_test/blocks'
import { readModelRows } from '../_test/modelRows'
import { createScenarioDatabases, DB_KINDS, type ScenarioDatabases } from '../_test/scenario'
import { erc20Abi, lfjLbPairAbi, wrappedNativeAbi } from '../abi/abis'
import { createModelSource } from './createModelSource'
import { LbTokensReadError } from './errors'
import { loadIndexerModel } from './loadIndexerModel'
import { runRange } from './runRange'

const E18 = 10n ** 18n
const FIRST = 63_269_916n
const BIN = 8_388_608

/**
 * Three blocks on the BLUB/WAVAX LB pair (X = BLUB, Y = WAVAX):
 * 1. Alice buys BLUB through the LB router across two bins (protocol fee in Y);
 * 2. Bob deposits into two bins, and is minted their shares (TransferBatch from zero);
 *    Bob gives Alice the shares of one bin;
 * 3. Bob withdraws one bin (TransferBatch to zero), then sells BLUB in one bin (protocol fee in X);
 *    an empty block follows.
 */
function lbBlocks() {
  const one = createTestBlock({ number: FIRST, timestamp: 1_733_000_000n })
  one
    .transaction({ from: ALICE, to: LB_ROUTER_V2_2 })
    .log(WAVAX, wrappedNativeAbi, 'Transfer', { from: ALICE, to: BLUB_WAVAX_LB, value: E18 })
    .log(BLUB_WAVAX_LB, lfjLbPairAbi, 'Swap', {
      sender: LB_ROUTER_V2_2,
      to: ALICE,
      id: BIN,
      amountsIn: packAmounts(0n, 599n * 10n ** 15n),
      amountsOut: packAmounts(3_000n * E18, 0n),
      volatilityAccumulator: 0,
      totalFees: packAmounts(0n, 4n * 10n ** 15n),
      protocolFees: packAmounts(0n, 10n ** 15n),
    })
    .log(BLUB_WAVAX_LB, lfjLbPairAbi, 'Swap', {
      sender: LB_ROUTER_V2_2,
      to: ALICE,
      id: BIN + 1,
      amountsIn: packAmounts(0n, 4n * 10n ** 17n),
      amountsOut: packAmounts(1_990n * E18, 0n),
      volatilityAccumulator: 10_000,
      totalFees: packAmounts(0n, 3n * 10n ** 15n),
      protocolFees: packAmounts(0n, 0n),
    })
    .log(BLUB, erc20Abi, 'Transfer', { from: BLUB_WAVAX_LB, to: ALICE, value: 4_990n * E18 })

  const two = createTestBlock({ number: FIRST + 1n, timestamp: 1_733_000_002n })
  two
    .transaction({ from: BOB, to: LB_ROUTER_V2_2 })
    .log(BLUB, erc20Abi, 'Transfer', { from: BOB, to: BLUB_WAVAX_LB, value: 1_000n * E18 })
    .log(WAVAX, wrappedNativeAbi, 'Transfer', { from: BOB, to: BLUB_WAVAX_LB, value: 2n * E18 })
    .log(BLUB_WAVAX_LB, lfjLbPairAbi, 'TransferBatch', {
      sender: LB_ROUTER_V2_2,
      from: ZERO,
      to: BOB,
      ids: [BigInt(BIN), BigInt(BIN + 1)],
      amounts: [7n * E18, 5n * E18],
    })
    .log(BLUB_WAVAX_LB, lfjLbPairAbi, 'DepositedToBins', {
      sender: LB_ROUTER_V2_2,
      to: BOB,
      ids: [BigInt(BIN), BigInt(BIN + 1)],
      amounts: [packAmounts(600n * E18, 2n * E18), packAmounts(400n * E18, 0n)],
    })
  two.transaction({ from: BOB, to: BLUB_WAVAX_LB }).log(BLUB_WAVAX_LB, lfjLbPairAbi, 'TransferBatch', {
    sender: BOB,
    from: BOB,
    to: ALICE,
    ids: [BigInt(BIN + 1)],
    amounts: [E18],
  })

  const three = createTestBlock({ number: FIRST + 2n, timestamp: 1_733_000_004n })
  three
    .transaction({ from: BOB, to: LB_ROUTER_V2_2 })
    .log(BLUB_WAVAX_LB, lfjLbPairAbi, 'TransferBatch', {
      sender: LB_ROUTER_V2_2,
      from: BOB,
      to: ZERO,
      ids: [BigInt(BIN)],
      amounts: [3n * E18],
    })
    .log(BLUB_WAVAX_LB, lfjLbPairAbi, 'WithdrawnFromBins', {
      sender: LB_ROUTER_V2_2,
      to: BOB,
      ids: [BigInt(BIN)],
      amounts: [packAmounts(250n * E18, 85n * 10n ** 16n)],
    })
  three.transaction({ from: BOB, to: LB_ROUTER_V2_2 }).log(BLUB_WAVAX_LB, lfjLbPairAbi, 'Swap', {
    sender: LB_ROUTER_V2_2,
    to: BOB,
    id: BIN,
    amountsIn: packAmounts(997n * E18, 0n),
    amountsOut: packAmounts(0n, 19n * 10n ** 16n),
    volatilityAccumulator: 0,
    totalFees: packAmounts(3n * E18, 0n),
    protocolFees: packAmounts(E18, 0n),
  })
  const four = createTestBlock({ number: FIRST + 3n, timestamp: 1_733_000_006n })
  return [one.build(), two.build(), three.build(), four.build()]
}

/** Runtime code answering `getTokenX()` with `x` and anything else with `y` (32-byte ABI words). */
function tokensContract(x: Address, y: Address): Hex {
  const selector = toFunctionSelector('getTokenX()')
  const answer = (address: Address): Hex => concat(['0x73', address, '0x60005260206000f3'])
  // PUSH1 0 CALLDATALOAD PUSH1 0xe0 SHR PUSH4 <selector> EQ PUSH1 <x> JUMPI <answer y> JUMPDEST <answer x>
  return concat([
    '0x600035' as Hex,
    '0x60e01c',
    '0x63',
    selector,
    '0x14',
    '0x602c57',
    answer(y),
    '0x5b',
    answer(x),
  ])
}

/** Token X and Y in the file: by address, by symbol, or not at all (read from the pair). */
type Transformer = 'address' | 'symbol' | false

function sharedFile(dir: string, transformer: Transformer) {
  const settings =
    transformer === 'address'
      ? `\n    transformer: { token_x: "${BLUB}", token_y: "${WAVAX}" }`
      : transformer === 'symbol'
        ? '\n    transformer: { token_x: BLUB, token_y: WAVAX }'
        : ''
  return `config_version: "1.0"
chain: { id: 43114, name: Avalanche C-Chain, native_symbol: AVAX }
tokens:
  - { address: "${WAVAX}", symbol: WAVAX, name: Wrapped AVAX, decimals: 18, type: wrapped_native }
  - { address: "${BLUB}", symbol: BLUB, name: BLUB, decimals: 18, type: erc20 }
contracts:
  - { address: "${WAVAX}", name: WAVAX, type: wrapped_native }
  - { address: "${BLUB}", name: BLUB, type: erc20 }
  - address: "${BLUB_WAVAX_LB}"
    name: BLUB/WAVAX LFJ Liquidity Book
    type: lfj_lb_pair${settings}
    pool:
      base_token: BLUB
      quote_token: WAVAX
sources:
  - { name: rpc, type: rpc, url_env: IDX_TEST_RPC_URL }
  - { name: stored, type: stored_blocks, path: "${dir}" }
price_feeds:
  avax_usd: { address: "0x0A77230d17318075983913bC2145DB16C7366156", heartbeat_seconds: 86400 }
`
}

const modelFile = `config_version: "1.0"
model: { name: scenario, version: "1.0", start_block: ${FIRST} }
sources: [stored, rpc]
tokens: [BLUB, WAVAX]
contracts: ["${WAVAX}", "${BLUB}", "${BLUB_WAVAX_LB}"]
`

const blocks = lbBlocks()
const tx = (block: number, index: number) => blocks[block]!.transactions[index]!.hash
const id = (block: number, index: number, logIndex: number, kind: string, part?: string) =>
  `43114:${tx(block, index)}:${logIndex}:${kind}${part === undefined ? '' : `:${part}`}`
const time = (seconds: bigint) => new Date(Number(seconds) * 1000).toISOString()
const event = (block: number, index: number, logIndex: number, kind: string, part?: string) => ({
  id: id(block, index, logIndex, kind, part),
  block_number: `${FIRST + BigInt(block)}`,
  block_time: time(blocks[block]!.timestamp),
  transaction_hash: tx(block, index),
  log_index: logIndex,
})

let dir: string
let anvil: Anvil
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'idx-lb-blocks-'))
  for (const block of blocks)
    writeFileSync(path.join(dir, `${block.number}.json`), JSON.stringify(toStoredBlockJson(block)))
  anvil = await startAnvil()
  const client = createTestkitClient({ rpcUrl: anvil.rpcUrl })
  await client.setCode({ address: BLUB_WAVAX_LB, bytecode: tokensContract(BLUB, WAVAX) })
})
afterAll(async () => {
  await anvil?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe.each(DB_KINDS)('%s', (kind) => {
  let dbs: ScenarioDatabases
  beforeAll(async () => {
    dbs = await createScenarioDatabases(kind, { shared: sharedFile(dir, 'address'), model: modelFile })
  })
  afterAll(async () => {
    await dbs?.close()
  })

  describe.each([
    ['its configuration (transformer.token_x / token_y)', 'address'],
    ['its configuration by symbol (transformer: { token_x: BLUB, token_y: WAVAX })', 'symbol'],
    ['the pair itself, through the rpc source', false],
  ] as const)('token X and Y from %s', (_, transformer) => {
    test('default: swaps across bins, deposits, withdrawals and bin positions, to the wei', async () => {
      await dbs.importShared(sharedFile(dir, transformer))
      await dbs.reset()
      const env = { IDX_TEST_RPC_URL: anvil.rpcUrl }
      const created = createModelSource({
        sources: await listModelSources(dbs.shared.client, 'scenario'),
        env,
        name: 'stored',
      })
      expect(created.type).toBe('stored_blocks')
      const model = await loadIndexerModel({
        shared: dbs.shared,
        model: 'scenario',
        readLbTokens: transformer ? undefined : created.readLbTokens,
      })
      expect(model.skipped).toEqual([])
      if (!transformer) {
        // Without the pair's answer, its tokens are unknown: the pair is skipped, not guessed.
        const without = await loadIndexerModel({ shared: dbs.shared, model: 'scenario' })
        expect(without.skipped).toEqual([
          {
            address: BLUB_WAVAX_LB,
            type: 'lfj_lb_pair',
            reason:
              'Its token X and Y are unknown: set transformer.token_x and token_y, or use an RPC source.',
          },
        ])
      }
      expect(model.trackedContracts.get(BLUB_WAVAX_LB)?.pool).toEqual({
        baseToken: BLUB,
        quoteToken: WAVAX,
        token0: BLUB,
        token1: WAVAX,
      })
      expect(await created.source.getHead()).toBe(FIRST + 3n)
      const result = await runRange({
        model,
        db: dbs.model,
        source: created.source,
        from: FIRST,
        to: FIRST + 3n,
      })
      expect(result).toMatchObject({ processed: 4, failed: 0 })

      const stored = await readModelRows(dbs.model)
      // Rows for the blocks with tracked logs; the others are covered by the processed range.
      expect(stored.blocks.map((block) => block.number)).toEqual(
        blocks
          .filter((block) =>
            block.logs.some((log) =>
              [WAVAX, BLUB, BLUB_WAVAX_LB].some((a) => a.toLowerCase() === log.address.toLowerCase()),
            ),
          )
          .map((block) => `${block.number}`),
      )
      expect(stored.ranges).toEqual([{ from: `${FIRST}`, to: `${FIRST + 3n}` }])
      const pool = BLUB_WAVAX_LB
      expect(stored.poolSwaps).toEqual(
        [
          {
            ...event(0, 0, 1, 'pool_swap'),
            pool,
            taker: ALICE,
            sender: LB_ROUTER_V2_2,
            recipient: ALICE,
            direction: 'buy',
            base_token: BLUB,
            quote_token: WAVAX,
            // Both bins; the input includes the protocol's fee.
            base_amount: `${4_990n * E18}`,
            quote_amount: `${599n * 10n ** 15n + 10n ** 15n + 4n * 10n ** 17n}`,
          },
          {
            ...event(2, 1, 2, 'pool_swap'),
            pool,
            taker: BOB,
            sender: LB_ROUTER_V2_2,
            recipient: BOB,
            direction: 'sell',
            base_token: BLUB,
            quote_token: WAVAX,
            base_amount: `${998n * E18}`,
            quote_amount: `${19n * 10n ** 16n}`,
          },
        ].sort((a, b) => (a.id < b.id ? -1 : 1)),
      )
      const [bins] = await dbs.model.query<{ bin_ids: number[]; log_indexes: number[] }>(
        'select bin_ids, log_indexes from pool_swap where id = $1',
        [id(0, 0, 1, 'pool_swap')],
      )
      expect(bins).toEqual({ bin_ids: [BIN, BIN + 1], log_indexes: [1, 2] })

      expect(stored.liquidity).toEqual(
        [
          {
            ...event(1, 0, 3, 'liquidity'),
            action: 'add',
            pool,
            provider: BOB,
            sender: LB_ROUTER_V2_2,
            recipient: BOB,
            base_token: BLUB,
            quote_token: WAVAX,
            base_amount: `${1_000n * E18}`,
            quote_amount: `${2n * E18}`,
          },
          {
            ...event(2, 0, 1, 'liquidity'),
            action: 'remove',
            pool,
            provider: BOB,
            sender: LB_ROUTER_V2_2,
            recipient: BOB,
            base_token: BLUB,
            quote_token: WAVAX,
            base_amount: `${250n * E18}`,
            quote_amount: `${85n * 10n ** 16n}`,
          },
        ].sort((a, b) => (a.id < b.id ? -1 : 1)),
      )

      const position = (
        block: number,
        index: number,
        logIndex: number,
        part: string,
        holder: Address,
        amount: bigint,
        cause: string,
        counterparty: Address,
      ) => ({
        ...event(block, index, logIndex, 'position', part),
        pool,
        holder,
        amount: `${amount}`,
        cause,
        counterparty,
      })
      expect(stored.positions).toEqual(
        [
          position(1, 0, 2, '0:to', BOB, 7n * E18, 'mint', ZERO),
          position(1, 0, 2, '1:to', BOB, 5n * E18, 'mint', ZERO),
          position(1, 1, 4, '0:from', BOB, -E18, 'transfer', ALICE),
          position(1, 1, 4, '0:to', ALICE, E18, 'transfer', BOB),
          position(2, 0, 0, '0:from', BOB, -3n * E18, 'burn', ZERO),
        ].sort((a, b) => (a.id < b.id ? -1 : 1)),
      )
      const binOf = await dbs.model.query<{ id: string; bin_id: number }>('select id, bin_id from position')
      expect(new Map(binOf.map((row) => [row.id, row.bin_id])).get(id(1, 0, 2, 'position', '1:to'))).toBe(
        BIN + 1,
      )

      const transfer = (
        block: number,
        index: number,
        logIndex: number,
        token: Address,
        from: Address,
        to: Address,
        amount: bigint,
      ) => ({
        ...event(block, index, logIndex, 'transfer'),
        token,
        from_address: from,
        to_address: to,
        amount: `${amount}`,
        cause: 'transfer',
      })
      expect(stored.transfers).toEqual(
        [
          transfer(0, 0, 0, WAVAX, ALICE, pool, E18),
          transfer(0, 0, 3, BLUB, pool, ALICE, 4_990n * E18),
          transfer(1, 0, 0, BLUB, BOB, pool, 1_000n * E18),
          transfer(1, 0, 1, WAVAX, BOB, pool, 2n * E18),
        ].sort((a, b) => (a.id < b.id ? -1 : 1)),
      )
      const trades = await dbs.model.query('select taker, swap_count from trade order by block_number')
      expect(trades).toEqual([
        { taker: ALICE, swap_count: 1 },
        { taker: BOB, swap_count: 1 },
      ])
    })
  })

  test('error: token symbols a shared database kept from an older import name the pair and how to fix it', async () => {
    await dbs.importShared(sharedFile(dir, 'address'))
    await dbs.shared.query(
      `update contract set transformer = '{"token_x": "BLUB", "token_y": "WAVAX"}' where lower(address) = $1`,
      [BLUB_WAVAX_LB.toLowerCase()],
    )
    await expect(
      loadIndexerModel({ shared: dbs.shared, model: 'scenario' }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(`
      [ModelSetupError: The Liquidity Book pair "BLUB/WAVAX LFJ Liquidity Book" (0xcb4c6fdcfb7d868df5f1e3d0018438205b243fd6) has transformer.token_x "BLUB" in the shared database, which is not an address.
      Files imported before idx resolved token symbols there kept the symbol: import the shared file again (idx config import-shared FILE).]
    `)
    await dbs.importShared(sharedFile(dir, 'symbol'))
    const model = await loadIndexerModel({ shared: dbs.shared, model: 'scenario' })
    expect(model.trackedContracts.get(BLUB_WAVAX_LB)?.pool).toMatchObject({ token0: BLUB, token1: WAVAX })
  })
})

test('error: reading token X and Y from a contract that is not an LB pair', async () => {
  const created = createModelSource({
    sources: [{ name: 'rpc', type: 'rpc', settings: { url_env: 'URL', max_retries: 0 } }],
    env: { URL: anvil.rpcUrl },
  })
  await expect(created.readLbTokens!(BLUB)).rejects.toThrowError(LbTokensReadError)
  await expect(created.readLbTokens!(BLUB)).rejects.toThrow(
    `The token X and Y of the Liquidity Book pair "${BLUB}" could not be read through the rpc source "rpc".`,
  )
})
