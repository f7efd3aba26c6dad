import { type ContractType, contractAbis } from './abis'
import { UnknownContractTypeError } from './errors'

export type GetContractAbiReturnType<type extends string> = type extends ContractType
  ? (typeof contractAbis)[type]
  : (typeof contractAbis)[ContractType]
export type GetContractAbiErrorType = UnknownContractTypeError

/**
 * The event ABI of a contract type (`erc20`, `wrapped_native`,
 * `uniswap_v2_pair`, `lfj_lb_pair`, `uniswap_v3_pool`, `solidly_pair`, …). A type the
 * registry does not know throws an {@link UnknownContractTypeError} that lists
 * the known ones.
 *
 * @example
 * ```ts
 * getContractAbi('uniswap_v2_pair') // [{ type: 'event', name: 'Swap', … }, …]
 * getContractAbi('curve_pool') // throws: The contract type "curve_pool" has no ABI in the registry.
 * ```
 */
export function getContractAbi<type extends string>(
  contractType: type,
  options: { address?: string | undefined } = {},
): GetContractAbiReturnType<type> {
  if (!Object.hasOwn(contractAbis, contractType))
    throw new UnknownContractTypeError({ contractType, address: options.address })
  return contractAbis[contractType as ContractType] as GetContractAbiReturnType<type>
}
