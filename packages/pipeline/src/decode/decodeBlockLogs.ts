import {
  type AbiEvent,
  type AbiParameter,
  type Address,
  decodeAbiParameters,
  type Hex,
  toEventSelector,
  BaseError as ViemBaseError,
} from 'viem'
import { formatAbiItem } from 'viem/utils'
import type { ContractType } from '../abi/abis'
import type { UnknownContractTypeError } from '../abi/errors'
import { getContractAbi } from '../abi/getContractAbi'
import type { SourceBlock, SourceLog } from '../block/types'
import type { DecodedEvent, TrackedContract, TrackedContracts, UndecodableLog } from './types'

export type DecodeBlockLogsParameters = [block: Pick<SourceBlock, 'logs'>, trackedContracts: TrackedContracts]
export type DecodeBlockLogsReturnType = {
  /** The decoded logs of tracked contracts, in log order. */
  events: DecodedEvent[]
  /** The logs of tracked contracts that could not be decoded, in log order, each with its reason. */
  undecodable: UndecodableLog[]
}
export type DecodeBlockLogsErrorType = UnknownContractTypeError

/**
 * Decodes the logs of the contracts a model tracks, each with the ABI of its
 * contract's type; logs of other contracts are skipped. A tracked log that
 * does not decode — an event its type's ABI does not have, the wrong number of
 * topics, data that does not fit — is returned in `undecodable` with the
 * reason, never thrown. Only a tracked contract whose type has no ABI throws
 * (an `UnknownContractTypeError`: a configuration error, not a log error).
 *
 * Arguments are named as in the ABI (`src/abi/abis.ts`); addresses are
 * lowercase; `uint` of 48 bits or less are numbers, larger ones bigints.
 *
 * @example
 * ```ts
 * const { events, undecodable } = decodeBlockLogs(block, trackedContracts)
 * for (const event of events)
 *   if (event.contractType === 'uniswap_v2_pair' && event.eventName === 'Swap')
 *     console.log(event.log.logIndex, event.args.amount0In, event.args.to)
 * for (const { log, reason } of undecodable) console.warn(log.logIndex, reason)
 * ```
 */
export function decodeBlockLogs(
  ...[block, trackedContracts]: DecodeBlockLogsParameters
): DecodeBlockLogsReturnType {
  const events: DecodedEvent[] = []
  const undecodable: UndecodableLog[] = []
  for (const log of block.logs) {
    const contract = trackedContracts.get(log.address.toLowerCase() as Address)
    if (contract === undefined) continue
    const result = decodeLog(log, contract)
    if ('reason' in result) undecodable.push({ contract, log, reason: result.reason })
    else
      events.push({
        contractType: contract.type as ContractType,
        contract,
        log,
        eventName: result.eventName,
        args: result.args,
      } as DecodedEvent)
  }
  return { events, undecodable }
}

type WordDecoder = (word: string) => unknown

type IndexedEvent = {
  name: string
  signature: string
  inputs: AbiEvent['inputs']
  indexed: AbiEvent['inputs']
  nonIndexed: readonly AbiParameter[]
  /** One decoder per non-indexed parameter when all of them are one-word values; else viem decodes the data. */
  wordDecoders: readonly WordDecoder[] | undefined
}

/** Each contract type's events by selector, built once. */
const eventIndexes = new Map<string, Map<Hex, IndexedEvent>>()

function eventIndex(contract: TrackedContract): Map<Hex, IndexedEvent> {
  let index = eventIndexes.get(contract.type)
  if (index === undefined) {
    const abi = getContractAbi(contract.type, { address: contract.address })
    index = new Map()
    for (const item of abi as readonly AbiEvent[]) {
      const signature = formatAbiItem(item)
      const nonIndexed = item.inputs.filter((input) => !input.indexed)
      const wordDecoders = nonIndexed.map((input) => wordDecoder(input.type))
      index.set(toEventSelector(signature), {
        name: item.name,
        signature,
        inputs: item.inputs,
        indexed: item.inputs.filter((input) => input.indexed),
        nonIndexed,
        wordDecoders: wordDecoders.every((decoder) => decoder !== undefined) ? wordDecoders : undefined,
      })
    }
    eventIndexes.set(contract.type, index)
  }
  return index
}

const TWO_256 = 2n ** 256n
const TWO_255 = 2n ** 255n

/**
 * A decoder of one 32-byte word (64 hex digits, no 0x) for the one-word types
 * the registry's events use — with the results viem's `decodeAbiParameters`
 * gives (numbers for 48 bits or less, bigints above, two's complement for
 * `int`), but without its generic cursor, which costs most of the decoding of
 * a block. Other types (`bool`, arrays, …) return undefined and go to viem.
 */
function wordDecoder(type: string): WordDecoder | undefined {
  if (type === 'address') return (word) => `0x${word.slice(24).toLowerCase()}`
  const bytes = /^bytes([0-9]+)$/.exec(type)
  if (bytes !== null) return (word) => `0x${word.slice(0, Number(bytes[1]) * 2).toLowerCase()}`
  const integer = /^(u?)int([0-9]*)$/.exec(type)
  if (integer === null) return undefined
  const signed = integer[1] === ''
  const small = Number(integer[2] || '256') <= 48
  return (word) => {
    let value = BigInt(`0x${word}`)
    if (signed && value >= TWO_255) value -= TWO_256
    return small ? Number(value) : value
  }
}

function decodeLog(
  log: SourceLog,
  contract: TrackedContract,
): { eventName: string; args: Record<string, unknown> } | { reason: string } {
  const index = eventIndex(contract)
  const selector = log.topics[0]?.toLowerCase() as Hex | undefined
  if (selector === undefined)
    return { reason: 'The log has no topics (an anonymous event), so its event cannot be identified.' }
  const event = index.get(selector)
  if (event === undefined)
    return {
      reason: `The event selector "${selector}" is not an event of the contract type "${contract.type}".`,
    }
  if (log.topics.length !== event.indexed.length + 1)
    return {
      reason: `The log has ${plural(log.topics.length, 'topic')}, but "${event.signature}" has ${plural(event.indexed.length + 1, 'topic')} (its selector and ${plural(event.indexed.length, 'indexed parameter')}).`,
    }

  // The non-indexed values, from the data.
  let values: readonly unknown[] = []
  if (event.nonIndexed.length > 0) {
    const { data } = log
    if (data === '0x')
      return { reason: `The log has no data, but "${event.signature}" has non-indexed parameters.` }
    const tooShort = {
      reason: `The data of "${event.signature}" is too short for its parameters (${(data.length - 2) / 2} bytes).`,
    }
    if (event.wordDecoders !== undefined) {
      if (data.length < 2 + 64 * event.wordDecoders.length) return tooShort
      values = event.wordDecoders.map((decode, i) => decode(data.slice(2 + 64 * i, 66 + 64 * i)))
    } else
      try {
        values = decodeAbiParameters(event.nonIndexed, data)
      } catch (error) {
        const name = error instanceof Error ? error.name : ''
        if (name === 'PositionOutOfBoundsError' || name === 'AbiDecodingDataSizeTooSmallError')
          return tooShort
        const message = error instanceof ViemBaseError ? error.shortMessage : String(error)
        return {
          reason: `The data of "${event.signature}" could not be decoded: ${message.replace(/\.?$/, '.')}`,
        }
      }
  }

  // Arguments in the ABI's order, as viem's decodeEventLog returns them.
  const args: Record<string, unknown> = {}
  let topicIndex = 1
  let valueIndex = 0
  for (const input of event.inputs) {
    if (!input.indexed) {
      const value = values[valueIndex++]
      args[input.name!] = input.type === 'address' ? (value as string).toLowerCase() : value
      continue
    }
    const topic = log.topics[topicIndex++]!
    if (input.type === 'address' && !/^0x0{24}/i.test(topic))
      return { reason: `The topic of "${input.name}" of "${event.signature}" is not an address: "${topic}".` }
    const decode = wordDecoder(input.type)
    // Indexed dynamic values (strings, arrays) are only their hash: keep the topic, as viem does.
    args[input.name!] = decode === undefined ? topic : decode(topic.slice(2))
  }
  return { eventName: event.name, args }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}
