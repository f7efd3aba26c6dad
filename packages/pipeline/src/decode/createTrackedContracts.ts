import type { Address } from 'viem'
import type { ContractType } from '../abi/abis'
import type { UnknownContractTypeError } from '../abi/errors'
import { getContractAbi } from '../abi/getContractAbi'
import { InvalidTrackedContractError } from './errors'
import type { PoolTokens, TrackedContract, TrackedContracts } from './types'

/** The contract types that are pools: their logs become swaps, liquidity events and positions. */
export const POOL_CONTRACT_TYPES = [
  'uniswap_v2_pair',
  'lfj_lb_pair',
  'uniswap_v3_pool',
  'solidly_pair',
] as const satisfies readonly ContractType[]

export type CreateTrackedContractsParameters = Iterable<{
  /** Any case. */
  address: string
  type: string
  pool?:
    | {
        baseToken: string
        quoteToken: string
        /**
         * token0 of a V2 pair / tokenX of an LB pair. Optional for a V2 pair, whose
         * factory orders its tokens by address (token0 is the lower one); required
         * for an LB pair, whose factory keeps the order it was created with.
         */
        token0?: string | undefined
        /** token1 of a V2 pair / tokenY of an LB pair; given with `token0`. */
        token1?: string | undefined
        /**
         * The base and quote tokens' decimals. Required for a concentrated-liquidity
         * pool (`uniswap_v3_pool`): its swaps store the pool's price in whole tokens.
         */
        baseDecimals?: number | undefined
        quoteDecimals?: number | undefined
      }
    | undefined
}>
export type CreateTrackedContractsReturnType = TrackedContracts
export type CreateTrackedContractsErrorType = InvalidTrackedContractError | UnknownContractTypeError

const ADDRESS = /^0x[0-9a-fA-F]{40}$/

/**
 * Checks the contracts a model tracks and keys them by lowercase address, for
 * `decodeBlockLogs` and the transformers. Every type must be in the ABI
 * registry; every pool needs its base and quote tokens (from its
 * configuration) and, for an LB pair, its token X and Y; a concentrated-
 * liquidity pool also needs its tokens' decimals. A V2, V3 or Solidly pool's
 * token0 and token1 default to its two tokens in address order, the rule of
 * every Uniswap-V2-, V3- and Solidly-style factory.
 *
 * @example
 * ```ts
 * const tracked = createTrackedContracts([
 *   { address: '0xB31f66AA3C1e785363F0875A1B74E27b85FD66c7', type: 'wrapped_native' },
 *   {
 *     address: '0x39888258d60fed9228f89e13eb57a92f1fa832eb', // BLUB/WAVAX on LFJ v1
 *     type: 'uniswap_v2_pair',
 *     pool: { baseToken: BLUB, quoteToken: WAVAX },
 *   },
 *   {
 *     address: '0xcb4c6fdcfb7d868df5f1e3d0018438205b243fd6', // BLUB/WAVAX on LFJ Liquidity Book
 *     type: 'lfj_lb_pair',
 *     pool: { baseToken: BLUB, quoteToken: WAVAX, token0: BLUB, token1: WAVAX }, // tokenX, tokenY
 *   },
 * ])
 * ```
 */
export function createTrackedContracts(
  contracts: CreateTrackedContractsParameters,
): CreateTrackedContractsReturnType {
  const tracked = new Map<Address, TrackedContract>()
  for (const contract of contracts) {
    const { type } = contract
    const fail = (problem: string): never => {
      throw new InvalidTrackedContractError({ address: contract.address, type, problem })
    }
    if (!ADDRESS.test(contract.address)) fail('has an invalid address: expected 0x followed by 40 hex digits')
    const address = contract.address.toLowerCase() as Address
    if (tracked.has(address)) fail('is listed twice')
    getContractAbi(type, { address })

    const isPool = (POOL_CONTRACT_TYPES as readonly string[]).includes(type)
    if (!isPool) {
      if (contract.pool !== undefined) fail(`has pool tokens, but a contract of type "${type}" is not a pool`)
      tracked.set(address, { address, type })
      continue
    }
    const pool = contract.pool ?? fail('is a pool, so it needs its base and quote tokens')
    const token = (value: string | undefined, what: string): Address =>
      value !== undefined && ADDRESS.test(value)
        ? (value.toLowerCase() as Address)
        : fail(`has an invalid ${what} ${JSON.stringify(value ?? null)}: expected an address`)
    const baseToken = token(pool.baseToken, 'base token')
    const quoteToken = token(pool.quoteToken, 'quote token')
    if (baseToken === quoteToken) fail(`has the same base and quote token "${baseToken}"`)

    const decimals = (value: number | undefined, what: string): number | undefined => {
      if (value === undefined) return undefined
      return Number.isInteger(value) && value >= 0 && value <= 255
        ? value
        : fail(`has invalid ${what} decimals ${JSON.stringify(value)}: expected an integer from 0 to 255`)
    }
    const baseDecimals = decimals(pool.baseDecimals, 'base token')
    const quoteDecimals = decimals(pool.quoteDecimals, 'quote token')
    if (type === 'uniswap_v3_pool' && (baseDecimals === undefined || quoteDecimals === undefined))
      fail(
        "is a concentrated-liquidity pool, so it needs its base and quote tokens' decimals (pool.baseDecimals and pool.quoteDecimals) to store its price",
      )
    const withDecimals = baseDecimals === undefined ? {} : { baseDecimals, quoteDecimals }

    let resolved: PoolTokens
    if (pool.token0 === undefined && pool.token1 === undefined) {
      if (type === 'lfj_lb_pair')
        fail(
          'needs its token X and token Y (pool.token0 and pool.token1): an LB pair keeps its creation order',
        )
      const [token0, token1] = baseToken < quoteToken ? [baseToken, quoteToken] : [quoteToken, baseToken]
      resolved = { baseToken, quoteToken, token0, token1, ...withDecimals }
    } else {
      const token0 = token(pool.token0, 'token0')
      const token1 = token(pool.token1, 'token1')
      const same =
        (token0 === baseToken && token1 === quoteToken) || (token0 === quoteToken && token1 === baseToken)
      if (!same)
        fail(
          `has token0 "${token0}" and token1 "${token1}", which are not its base and quote tokens "${baseToken}" and "${quoteToken}"`,
        )
      resolved = { baseToken, quoteToken, token0, token1, ...withDecimals }
    }
    tracked.set(address, { address, type, pool: resolved })
  }
  return tracked
}
