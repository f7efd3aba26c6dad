// Test-only: build blocks whose logs are real ABI encodings (viem's
// encodeEventTopics / encodeAbiParameters), and their stored-block JSON.

import {
  type Abi,
  type AbiEvent,
  type Address,
  type ContractEventName,
  encodeAbiParameters,
  encodeEventTopics,
  type GetEventArgs,
  getAbiItem,
  type Hash,
  type Hex,
  keccak256,
  numberToHex,
  toHex,
} from 'viem'
import type { SourceBlock, SourceLog, SourceTransaction } from '../block/types'
import { createTrackedContracts } from '../decode/createTrackedContracts'
import {
  AVAX_USD_AGGREGATOR,
  BLUB,
  BLUB_USDC_V2,
  BLUB_WAVAX_LB,
  BLUB_WAVAX_LFJ_V1,
  BLUB_WAVAX_V2_B,
  LFJ_AGGREGATOR,
  ODOS_V2_ROUTER,
  USDC,
  USDT,
  USDT_WAVAX_V2,
  WAVAX,
  WAVAX_USDC_V2,
} from './avalanche'

/** Every argument of an event, named. */
export type EventArgs<abi extends Abi, eventName extends string> = GetEventArgs<
  abi,
  eventName,
  { EnableUnion: false; IndexedOnly: false; Required: true }
>

/** A deterministic 32-byte hash of a label. */
export function hashOf(label: string): Hash {
  return keccak256(toHex(label))
}

/** Packs two uint128 amounts the Liquidity Book way: X in the low 128 bits, Y in the high 128 bits. */
export function packAmounts(x: bigint, y: bigint): Hex {
  return numberToHex((y << 128n) | x, { size: 32 })
}

/** Encodes one event as a log's topics and data. */
export function encodeLog<const abi extends Abi, eventName extends ContractEventName<abi>>(
  abi: abi,
  eventName: eventName,
  args: EventArgs<abi, eventName>,
): { topics: Hex[]; data: Hex } {
  const item = getAbiItem({ abi: abi as Abi, name: eventName as string }) as AbiEvent
  const values = args as Record<string, unknown>
  const topics = encodeEventTopics({ abi: [item], eventName: item.name, args: values } as never) as Hex[]
  const nonIndexed = item.inputs.filter((input) => !input.indexed)
  const data = encodeAbiParameters(
    nonIndexed,
    nonIndexed.map((input) => values[input.name!]),
  )
  return { topics, data }
}

/**
 * Builds a block transaction by transaction:
 * `block.transaction({ from }).log(pool, abi, 'Swap', args)`. Log indexes
 * count across the block; hashes are derived from the block number.
 */
export function createTestBlock({ number = 63269916n, timestamp = 1_733_000_000n } = {}) {
  const transactions: SourceTransaction[] = []
  const logs: SourceLog[] = []

  const transaction = ({ from, to = null }: { from: Address; to?: Address | null }) => {
    const index = transactions.length
    const hash = hashOf(`block ${number} transaction ${index}`)
    transactions.push({ hash, from, to, index })
    const builder = {
      hash,
      /** Appends a log with this event, ABI-encoded. */
      log<const abi extends Abi, eventName extends ContractEventName<abi>>(
        address: Address,
        abi: abi,
        eventName: eventName,
        args: EventArgs<abi, eventName>,
      ) {
        return builder.raw(address, encodeLog(abi, eventName, args))
      },
      /** Appends a log with these topics and data. */
      raw(address: Address, { topics, data }: { topics: Hex[]; data: Hex }) {
        logs.push({
          address,
          topics,
          data,
          logIndex: logs.length,
          transactionHash: hash,
          transactionIndex: index,
          blockNumber: number,
        })
        return builder
      },
      /** Leaves a gap in log indexes, as a log of an untracked contract would. */
      skip(count = 1) {
        for (let i = 0; i < count; i++)
          builder.raw('0x00000000000000000000000000000000000000ff', {
            topics: [hashOf('untracked event')],
            data: '0x',
          })
        return builder
      },
    }
    return builder
  }

  const build = (): SourceBlock => ({
    number,
    hash: hashOf(`block ${number}`),
    parentHash: hashOf(`block ${number - 1n}`),
    timestamp,
    transactions: [...transactions],
    logs: [...logs],
  })

  return { transaction, build }
}

/**
 * The stored-block JSON of a block: the block object of
 * `eth_getBlockByNumber(n, true)` with the `receipts` of
 * `eth_getBlockReceipts(n)`, hex quantities, addresses in checksum-like
 * uppercase to check they are lowercased.
 */
export function toStoredBlockJson(block: SourceBlock): Record<string, unknown> {
  const blockHash = block.hash
  const blockNumber = numberToHex(block.number)
  const upper = (address: Address) => `0x${address.slice(2).toUpperCase()}`
  return {
    number: blockNumber,
    hash: blockHash,
    parentHash: block.parentHash,
    timestamp: numberToHex(block.timestamp),
    miner: '0x0100000000000000000000000000000000000000',
    gasLimit: '0xe4e1c0',
    gasUsed: '0x5208',
    baseFeePerGas: '0x5d21dba00',
    transactions: block.transactions.map((transaction) => ({
      blockHash,
      blockNumber,
      hash: transaction.hash,
      from: upper(transaction.from),
      to: transaction.to === null ? null : upper(transaction.to),
      transactionIndex: numberToHex(transaction.index),
      input: '0x',
      value: '0x0',
      nonce: '0x1',
      gas: '0x5208',
      type: '0x2',
      chainId: '0xa86a',
    })),
    receipts: block.transactions.map((transaction) => ({
      blockHash,
      blockNumber,
      transactionHash: transaction.hash,
      transactionIndex: numberToHex(transaction.index),
      from: transaction.from,
      to: transaction.to,
      contractAddress: null,
      status: '0x1',
      gasUsed: '0x5208',
      cumulativeGasUsed: '0x5208',
      type: '0x2',
      logs: block.logs
        .filter((log) => log.transactionHash === transaction.hash)
        .map((log) => ({
          address: upper(log.address),
          topics: log.topics,
          data: log.data,
          blockNumber,
          blockHash,
          transactionHash: log.transactionHash,
          transactionIndex: numberToHex(log.transactionIndex),
          logIndex: numberToHex(log.logIndex),
          removed: false,
        })),
    })),
  }
}

/**
 * The contracts the tests track: WAVAX, USDC, BLUB, the BLUB/WAVAX pools on
 * LFJ v1 (V2) and LFJ Liquidity Book (X BLUB, Y WAVAX), four synthetic V2
 * pairs (a second BLUB/WAVAX; WAVAX/USDC with base WAVAX = token0; WAVAX/USDt
 * with base WAVAX = token1; BLUB/USDC with base BLUB = token0), the AVAX/USD
 * aggregator, and the Odos v2 router and LFJ aggregator (`dex_aggregator`).
 */
export function testTrackedContracts() {
  return createTrackedContracts([
    { address: WAVAX, type: 'wrapped_native' },
    { address: USDC, type: 'erc20' },
    { address: BLUB, type: 'erc20' },
    { address: BLUB_WAVAX_LFJ_V1, type: 'uniswap_v2_pair', pool: { baseToken: BLUB, quoteToken: WAVAX } },
    { address: BLUB_WAVAX_V2_B, type: 'uniswap_v2_pair', pool: { baseToken: BLUB, quoteToken: WAVAX } },
    { address: BLUB_USDC_V2, type: 'uniswap_v2_pair', pool: { baseToken: BLUB, quoteToken: USDC } },
    {
      address: BLUB_WAVAX_LB,
      type: 'lfj_lb_pair',
      pool: { baseToken: BLUB, quoteToken: WAVAX, token0: BLUB, token1: WAVAX },
    },
    { address: WAVAX_USDC_V2, type: 'uniswap_v2_pair', pool: { baseToken: WAVAX, quoteToken: USDC } },
    { address: USDT_WAVAX_V2, type: 'uniswap_v2_pair', pool: { baseToken: WAVAX, quoteToken: USDT } },
    { address: AVAX_USD_AGGREGATOR, type: 'chainlink_aggregator' },
    { address: ODOS_V2_ROUTER, type: 'dex_aggregator' },
    { address: LFJ_AGGREGATOR, type: 'dex_aggregator' },
  ])
}
