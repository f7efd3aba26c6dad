export {
  CONTRACT_TYPES,
  type ContractType,
  chainlinkAggregatorAbi,
  contractAbis,
  dexAggregatorAbi,
  erc20Abi,
  lfjLbPairAbi,
  solidlyPairAbi,
  uniswapV2PairAbi,
  uniswapV3PoolAbi,
  uniswapV3PositionManagerAbi,
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
// Processing
export {
  type BackfillAvaxUsdParameters,
  type BackfillAvaxUsdProgress,
  backfillAvaxUsd,
} from './process/backfillAvaxUsd'
export {
  type CreateModelSourceErrorType,
  type CreateModelSourceParameters,
  type CreateModelSourceReturnType,
  createModelSource,
  type RpcSourceOverrides,
} from './process/createModelSource'
export {
  BlockProcessingError,
  ConfigurationChangedError,
  LbTokensReadError,
  ModelSetupError,
  ModelSourceError,
  RpcUrlNotSetError,
} from './process/errors'
export { type FollowParameters, follow, type Reorg } from './process/follow'
export {
  type ImportAvaxUsdParameters,
  type ImportAvaxUsdReturnType,
  importAvaxUsd,
} from './process/importAvaxUsd'
export {
  decoderType,
  type IndexerModel,
  type LoadIndexerModelParameters,
  loadIndexerModel,
} from './process/loadIndexerModel'
export {
  type FollowOptions,
  type Indexer,
  type OpenIndexerParameters,
  openIndexer,
  type ProcessRangeOptions,
} from './process/openIndexer'
export { type PriceRecordsReturnType, priceRecords } from './process/priceRecords'
export {
  assertCurrentGeneration,
  type ProcessBatchReturnType,
  processBatch,
  type Timings,
} from './process/processBatch'
export { type RepriceFromParameters, repriceFrom } from './process/repriceFrom'
export {
  type FailedJob,
  type RangeProgress,
  type RunRangeParameters,
  type RunRangeReturnType,
  runRange,
} from './process/runRange'
export { toBlockRecord } from './process/toBlockRecord'
export {
  type UpdatePricingParameters,
  type UpdatePricingProgress,
  updatePricing,
} from './process/updatePricing'
export type { BlockFileStore } from './source/blockFileStore'
export {
  type BlockFileEntry,
  type BlockFileIndex,
  createBlockFileIndex,
  missingRuns,
} from './source/createBlockFileIndex'
export { createFolderBlockFiles } from './source/createFolderBlockFiles'
// Block sources
export type { RpcClientStats, RpcRetryEvent } from './source/createRpcClient'
export {
  type CreateRpcSourceErrorType,
  type CreateRpcSourceParameters,
  type CreateRpcSourceReturnType,
  createRpcSource,
  type RpcSource,
  type RpcTransactionsMethod,
} from './source/createRpcSource'
export { type CreateS3BlockFilesParameters, createS3BlockFiles } from './source/createS3BlockFiles'
export {
  type CreateStoredBlockSourceErrorType,
  type CreateStoredBlockSourceParameters,
  type CreateStoredBlockSourceReturnType,
  createStoredBlockSource,
} from './source/createStoredBlockSource'
export { type CreateUrlRedactorReturnType, createUrlRedactor } from './source/createUrlRedactor'
export { type DecodeBlockFileParameters, decodeBlockFile } from './source/decodeBlockFile'
export {
  ChainChangedError,
  type ChainChangedErrorType,
  InvalidBlockRangeError,
  type InvalidBlockRangeErrorType,
  InvalidRpcResponseError,
  type InvalidRpcResponseErrorType,
  InvalidSourceOptionError,
  type InvalidSourceOptionErrorType,
  LogRangeTooLargeError,
  type LogRangeTooLargeErrorType,
  RpcRequestFailedError,
  type RpcRequestFailedErrorType,
  SourceClosedError,
  type SourceClosedErrorType,
  StoredBlockFileError,
  type StoredBlockFileErrorType,
  StoredBlockFileMissingError,
  type StoredBlockFileMissingErrorType,
  StoredBlockFilesOverlapError,
  type StoredBlockFilesOverlapErrorType,
  StoredBlockStoreError,
  type StoredBlockStoreErrorType,
  StoredBlocksFolderError,
  type StoredBlocksFolderErrorType,
} from './source/errors'
export type { BlockHeader, BlockRun, BlockSource } from './source/types'
export { type ClPoolPriceParameters, clPoolPrice } from './transform/clPoolPrice'
export { MissingTransactionError, type MissingTransactionErrorType } from './transform/errors'
export { type EventIdParameters, eventId } from './transform/eventId'
export {
  type ToClPositionEventsParameters,
  type ToClPositionEventsReturnType,
  toClPositionEvents,
} from './transform/toClPositionEvents'
export {
  type ToFeeCollectionsParameters,
  type ToFeeCollectionsReturnType,
  toFeeCollections,
} from './transform/toFeeCollections'
export {
  type ToFeedAnswersParameters,
  type ToFeedAnswersReturnType,
  toFeedAnswers,
} from './transform/toFeedAnswers'
export {
  type ToLiquidityEventsParameters,
  type ToLiquidityEventsReturnType,
  toLiquidityEvents,
} from './transform/toLiquidityEvents'
export { type ToPoolSwapsParameters, type ToPoolSwapsReturnType, toPoolSwaps } from './transform/toPoolSwaps'
export { type ToPositionsParameters, type ToPositionsReturnType, toPositions } from './transform/toPositions'
export { type ToTradesReturnType, toTrades } from './transform/toTrades'
export { type ToTransfersParameters, type ToTransfersReturnType, toTransfers } from './transform/toTransfers'
export {
  type TransformBlockErrorType,
  type TransformBlockParameters,
  type TransformBlockReturnType,
  transformBlock,
} from './transform/transformBlock'
