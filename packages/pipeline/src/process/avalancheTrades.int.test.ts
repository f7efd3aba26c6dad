// Trades on real Avalanche blocks of the BLUB market (`@idx/testkit`'s
// fixtures): the sample configuration (prisma/*.yaml, BLUB its asset, the
// aggregators tracked) imported into real databases, every fixture block
// processed from its stored file, and each stored trade checked against the
// block's own logs, read here from the JSON and decoded with viem: its amounts
// are the sums of its legs' events, its taker the wallet that sent the
// transaction, its router labelled, and what the aggregator reported stored.

import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { avalancheBlockNumbers, avalancheBlocksDir, uniswapV2PairAbi } from '@idx/testkit'
import { type Address, type Hex, parseAbi, parseEventLogs } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createScenarioDatabases, DB_KINDS, type ScenarioDatabases } from '../_test/scenario'
import { dexAggregatorAbi } from '../abi/abis'
import { readStoredBlock } from '../block/readStoredBlock'
import { type IndexerModel, loadIndexerModel } from './loadIndexerModel'
import { processBatch } from './processBatch'

const sample = (file: string) =>
  readFileSync(fileURLToPath(new URL(`../../../../prisma/${file}`, import.meta.url)), 'utf8')

const BLUB = '0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd'
const WAVAX = '0xb31f66aa3c1e785363f0875a1b74e27b85fd66c7'
const USDC = '0xb97ef9ef8734c71904d8002f8b6bc66dd9c48a6e'
const USDT = '0x9702230a8ea53601f5cd2dc00fdbc13d4df4a8c7'
const LFJ_AGGREGATOR = '0x45a62b090df48243f12a21897e7ed91863e2c86b'
const ODOS = '0x88de50b233052e4fb783d4f6db78cc34fea3e9fc'
/** The BLUB/WAVAX pools the sample tracks (token0 BLUB, token1 WAVAX: BLUB's address is the lower). */
const BLUB_POOLS = new Set([
  '0x39888258d60fed9228f89e13eb57a92f1fa832eb',
  '0xcb4c6fdcfb7d868df5f1e3d0018438205b243fd6',
  '0xa87866ba0d82155d0ff36ad06e555aebc98595ca',
  '0x3fc41c1ae339322ab87b6ba48e30781d88a304d4',
  '0x819fe65a885d40493f4b91e8a10e242018758432',
])
/** A V3-style pool's swap: signed amounts, the pool's side (negative: the pool paid it out). */
const v3SwapAbi = parseAbi([
  'event Swap(address indexed sender, address indexed recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96, uint128 liquidity, int24 tick)',
])

/** The files' raw contents: transactions and receipts' logs, lowercase addresses. */
function rawBlock(number: bigint) {
  const json = JSON.parse(readFileSync(path.join(avalancheBlocksDir, `${number}.json`), 'utf8'))
  const block = json.block ?? json
  const transactions = (block.transactions as { hash: Hex; from: string; to: string | null }[]).map((tx) => ({
    hash: tx.hash.toLowerCase() as Hex,
    from: tx.from.toLowerCase(),
    to: tx.to?.toLowerCase() ?? null,
  }))
  const logs = (
    json.receipts as {
      logs: { address: string; topics: Hex[]; data: Hex; logIndex: Hex; transactionHash: Hex }[]
    }[]
  )
    .flatMap((receipt) => receipt.logs)
    .map((log) => ({ ...log, address: log.address.toLowerCase() as Address, logIndex: Number(log.logIndex) }))
  return { transactions, logs }
}

describe.each(DB_KINDS)('%s', (kind) => {
  let dbs: ScenarioDatabases
  let model: IndexerModel

  beforeAll(async () => {
    // The sample files as they are: the shared file names the fixture blocks' folder and the LB pair's
    // tokens (no node here); the model reads the stored blocks only.
    const shared = sample('shared_v1_0.yaml').replace(
      'path: ../packages/testkit/fixtures/avalanche/blocks',
      `path: ${JSON.stringify(avalancheBlocksDir)}`,
    )
    expect(shared).toContain(`path: ${JSON.stringify(avalancheBlocksDir)}`)
    const modelFile = sample('blub_test_v1_0.yaml').replace('  - avalanche_rpc\n', '')
    expect(modelFile).not.toContain('avalanche_rpc')
    expect(shared).toContain('token_x')
    dbs = await createScenarioDatabases(kind, { shared, model: modelFile }, 'blub_test')
    model = await loadIndexerModel({ shared: dbs.shared, model: 'blub_test' })
    for (const number of avalancheBlockNumbers) {
      const result = await processBatch({
        model,
        db: dbs.model,
        blocks: [await readStoredBlock(avalancheBlocksDir, number)],
      })
      expect(result.failed).toEqual([])
    }
  })
  afterAll(async () => {
    await dbs?.close()
  })

  test('default: a trade per wallet and transaction that swapped BLUB, its amounts the sums of its legs’ events', async () => {
    expect(model.targetAsset).toBe(BLUB)
    // The pools idx decodes (a model's contract of a type without an ABI is skipped, and said so).
    const decoded = new Set([...BLUB_POOLS].filter((pool) => model.trackedContracts.has(pool as Address)))
    const stored = await dbs.model.query<Record<string, unknown>>(
      `select block_number::text, transaction_hash, taker, wallet, trade_type::text as trade_type,
              direction::text as direction, base_token, base_amount::text, quote_token, quote_amount::text,
              route, router, router_label, aggregator_token_in, aggregator_amount_in::text,
              aggregator_token_out, aggregator_amount_out::text
         from trade order by block_number, log_index`,
    )
    const expected: Record<string, unknown>[] = []
    for (const number of avalancheBlockNumbers) {
      const { transactions, logs } = rawBlock(number)
      for (const tx of transactions) {
        const own = logs.filter((log) => log.transactionHash.toLowerCase() === tx.hash)
        const pools = own.filter((log) => decoded.has(log.address))
        // Per leg: what the pool paid the wallet in BLUB and WAVAX (negative: what it took).
        const legs = [
          ...parseEventLogs({
            abi: uniswapV2PairAbi,
            eventName: 'Swap',
            logs: pools as never,
            strict: false,
          }).map((log) => ({
            logIndex: log.logIndex,
            blub: (log.args.amount0Out ?? 0n) - (log.args.amount0In ?? 0n),
            wavax: (log.args.amount1Out ?? 0n) - (log.args.amount1In ?? 0n),
          })),
          ...parseEventLogs({ abi: v3SwapAbi, eventName: 'Swap', logs: pools as never, strict: false }).map(
            (log) => ({
              logIndex: log.logIndex,
              blub: -(log.args.amount0 ?? 0n),
              wavax: -(log.args.amount1 ?? 0n),
            }),
          ),
        ].sort((a, b) => a.logIndex - b.logIndex)
        if (legs.length === 0) continue
        const blub = legs.reduce((sum, leg) => sum + leg.blub, 0n)
        const wavax = legs.reduce((sum, leg) => sum + leg.wavax, 0n)
        const orders = parseEventLogs({
          abi: dexAggregatorAbi,
          logs: own.filter((log) => log.address === tx.to) as never,
          strict: true,
        }).filter((log) => log.eventName === 'Swap' || log.eventName === 'SwapExactIn')
        expect(orders, `the order of ${tx.hash}`).toHaveLength(1)
        const order = orders[0]!.args as Record<string, string | bigint>
        const [tokenIn, amountIn, tokenOut, amountOut] =
          orders[0]!.eventName === 'Swap'
            ? [order.inputToken, order.inputAmount, order.outputToken, order.amountOut]
            : [order.tokenIn, order.amountIn, order.tokenOut, order.amountOut]
        expected.push({
          block_number: `${number}`,
          transaction_hash: tx.hash,
          taker: tx.from,
          wallet: tx.from,
          trade_type: 'trade',
          direction: blub > 0n ? 'buy' : 'sell',
          base_token: BLUB,
          base_amount: `${blub < 0n ? -blub : blub}`,
          quote_token: WAVAX,
          quote_amount: `${wavax < 0n ? -wavax : wavax}`,
          route: legs.map((leg) => `43114:${tx.hash}:${leg.logIndex}:pool_swap`),
          router: tx.to,
          router_label:
            tx.to === ODOS ? 'Odos v2 router' : tx.to === LFJ_AGGREGATOR ? 'LFJ aggregator' : null,
          aggregator_token_in: String(tokenIn).toLowerCase(),
          aggregator_amount_in: `${amountIn}`,
          aggregator_token_out: String(tokenOut).toLowerCase(),
          aggregator_amount_out: `${amountOut}`,
        })
      }
    }
    expect(stored).toEqual(expected)
    // The three swapping blocks: a sell through Odos, a buy and a sell through the LFJ aggregator.
    expect(stored.map((trade) => [trade.block_number, trade.direction, trade.router_label])).toEqual([
      ['61090576', 'sell', 'Odos v2 router'],
      ['62288120', 'buy', 'LFJ aggregator'],
      ['65297576', 'sell', 'LFJ aggregator'],
    ])
  })

  test('behavior: 62288120 — the Pharaoh CL leg is stored to the wei with its pool state, and counted in the trade', async () => {
    const CL = '0x3fc41c1ae339322ab87b6ba48e30781d88a304d4'
    const JLP = '0x39888258d60fed9228f89e13eb57a92f1fa832eb'
    const { logs } = rawBlock(62288120n)
    const [clSwap, ...others] = parseEventLogs({
      abi: v3SwapAbi,
      eventName: 'Swap',
      logs: logs.filter((log) => log.address === CL) as never,
    })
    expect(others).toEqual([])
    const [jlpSwap] = parseEventLogs({
      abi: uniswapV2PairAbi,
      eventName: 'Swap',
      logs: logs.filter((log) => log.address === JLP) as never,
    })
    const { amount0, amount1, sqrtPriceX96, liquidity, tick } = clSwap!.args
    // The pool paid out BLUB (token0: negative) and took WAVAX.
    expect(amount0 < 0n && amount1 > 0n).toBe(true)
    const stored = await dbs.model.query<Record<string, string | number | null>>(
      `select pool, pool_type, log_index, direction::text as direction, base_amount::text, quote_amount::text,
              sqrt_price_x96::text, liquidity::text, tick, trade_id
         from pool_swap where block_number = 62288120 order by log_index`,
    )
    const trade = (
      await dbs.model.query<{ id: string; route: string[]; base_amount: string; quote_amount: string }>(
        `select id, route, base_amount::text, quote_amount::text from trade where block_number = 62288120`,
      )
    )[0]!
    expect(stored).toEqual([
      expect.objectContaining({ pool: JLP, log_index: jlpSwap!.logIndex, trade_id: trade.id }),
      {
        pool: CL,
        pool_type: 'uniswap_v3_pool',
        log_index: clSwap!.logIndex,
        direction: 'buy',
        base_amount: `${-amount0}`,
        quote_amount: `${amount1}`,
        sqrt_price_x96: `${sqrtPriceX96}`,
        liquidity: `${liquidity}`,
        tick,
        trade_id: trade.id,
      },
    ])
    // Both BLUB legs make the trade: the BLUB and WAVAX of the JLP swap plus the CL swap's.
    expect(trade.route).toHaveLength(2)
    expect(trade.base_amount).toBe(`${jlpSwap!.args.amount0Out! - amount0}`)
    expect(trade.quote_amount).toBe(`${jlpSwap!.args.amount1In! + amount1}`)
    // The pool's price after the swap: WAVAX per BLUB (both 18 decimals) = sqrtPriceX96² / 2¹⁹², at 30 places, half to even.
    const numerator = sqrtPriceX96 * sqrtPriceX96 * 10n ** 30n
    const denominator = 2n ** 192n
    let scaled = numerator / denominator
    const twice = (numerator % denominator) * 2n
    if (twice > denominator || (twice === denominator && scaled % 2n === 1n)) scaled += 1n
    const digits = scaled.toString().padStart(31, '0')
    const [price] = await dbs.model.query<{ pool_price: string }>(
      `select pool_price::text from pool_swap where pool = $1 and block_number = 62288120`,
      [CL],
    )
    expect(price!.pool_price).toBe(`${digits.slice(0, -30)}.${digits.slice(-30)}`)
  })

  test('behavior: what the wallets really paid and got, where the tracked pools show only WAVAX', async () => {
    const trades = await dbs.model.query<Record<string, string>>(
      `select block_number::text as block, aggregator_token_in as "in", aggregator_amount_in::text as "amountIn",
              aggregator_token_out as "out" from trade order by block_number`,
    )
    expect(trades).toEqual([
      // Sold BLUB for native AVAX (Odos writes it as the zero address).
      expect.objectContaining({
        block: '61090576',
        in: BLUB,
        out: '0x0000000000000000000000000000000000000000',
      }),
      // Paid 500 USDC (6 decimals) for BLUB.
      { block: '62288120', in: USDC, amountIn: '500000000', out: BLUB },
      // Sold BLUB for USDt.
      expect.objectContaining({ block: '65297576', in: BLUB, out: USDT }),
    ])
  })

  test('behavior: processing the blocks again leaves the same trades', async () => {
    const before = await dbs.model.query('select * from trade order by id')
    for (const number of avalancheBlockNumbers)
      await processBatch({
        model,
        db: dbs.model,
        blocks: [await readStoredBlock(avalancheBlocksDir, number)],
      })
    expect(await dbs.model.query('select * from trade order by id')).toEqual(before)
  })
})
