export {
  CONTRACT_TYPES,
  type ContractType,
  chainlinkAggregatorAbi,
  contractAbis,
  erc20Abi,
  lfjLbPairAbi,
  uniswapV2PairAbi,
  wrappedNativeAbi,
} from './abi/abis'
export { UnknownContractTypeError, type UnknownContractTypeErrorType } from './abi/errors'
export {
  type GetContractAbiErrorType,
  type GetContractAbiReturnType,
  getContractAbi,
} from './abi/getContractAbi'
export {
  InvalidStoredBlockError,
  type InvalidStoredBlockErrorType,
  StoredBlockNotFoundError,
  type StoredBlockNotFoundErrorType,
  StoredBlockReadError,
  type StoredBlockReadErrorType,
} from './block/errors'
export {
  type ParseStoredBlockErrorType,
  type ParseStoredBlockParameters,
  type ParseStoredBlockReturnType,
  parseStoredBlock,
} from './block/parseStoredBlock'
export {
  type ReadStoredBlockErrorType,
  type ReadStoredBlockReturnType,
  readStoredBlock,
} from './block/readStoredBlock'
export { storedBlockPath } from './block/storedBlockPath'
export type { SourceBlock, SourceLog, SourceTransaction } from './block/types'
export {
  type CreateTrackedContractsErrorType,
  type CreateTrackedContractsParameters,
  type CreateTrackedContractsReturnType,
  createTrackedContracts,
  POOL_CONTRACT_TYPES,
} from './decode/createTrackedContracts'
export {
  type DecodeBlockLogsErrorType,
  type DecodeBlockLogsParameters,
  type DecodeBlockLogsReturnType,
  decodeBlockLogs,
} from './decode/decodeBlockLogs'
export { type DecodePackedAmountsReturnType, decodePackedAmounts } from './decode/decodePackedAmounts'
export { InvalidTrackedContractError, type InvalidTrackedContractErrorType } from './decode/errors'
export type {
  DecodedEvent,
  PoolTokens,
  TrackedContract,
  TrackedContracts,
  UndecodableLog,
} from './decode/types'
