export {
  doneBlockNumbers,
  failedBlocks,
  getProcessedHeader,
  lastProcessedBlock,
  latestProcessedHeader,
  previousDoneHeader,
  processedRange,
  type RangeProgress,
  rangeProgress,
} from './blocks'
export { type CreateModelDbParameters, createModelDb, type ModelDb, type ModelDbClient } from './client'
export {
  type ClPosition,
  type ListClPositionsParameters,
  type ListClPositionsReturnType,
  listClPositions,
} from './clPositions'
export * as ModelDbTypes from './generated/prisma/client'
export {
  type BlockJobClaim,
  claimJob,
  enqueueRange,
  finishJob,
  heartbeatJob,
  jobCounts,
  releaseJob,
  requeueFailedJobs,
  requeueIncompleteJobs,
  runningJobsOf,
} from './jobs'
export {
  assertModelDatabase,
  type MigrateModelDbParameters,
  migrateModelDb,
  modelDbStatus,
  modelMigrationsDir,
  modelSchemaPath,
  resolveModelMigration,
} from './migrations'
export {
  type CanonicalPeriods,
  type CanonicalPriceRow,
  type DirectlyValuedSwap,
  latestFeedAnswerBefore,
  listCanonicalPrices,
  type PricingRecord,
  type PricingSwapRow,
  type PricingTradeRow,
  readBlocksForPricing,
  readCanonicalPriceBefore,
  readDirectlyValuedSwaps,
  type StoredFeedAnswer,
  type StoredPricingBlock,
  type SwapValuationRow,
  type TradeValuationRow,
  trimDecimal,
  type WritePricingResult,
  writePricing,
  writePricingIn,
} from './pricing'
export {
  type BlockRange,
  type BlockRangeCounts,
  type CanonicalPricePoint,
  type CanonicalPriceSummary,
  countSwapsWithoutValuation,
  listMissingTables,
  listProcessedBlockHashes,
  type PoolSwapTotals,
  readBlockRangeCounts,
  readCanonicalPriceSummary,
  readPoolSwapTotals,
  readSwapValuationSummary,
  readTradeKinds,
  readTradeValuationSummary,
  type SwapValuationSummary,
  type TradeKinds,
  type TradeValuationSummary,
} from './queries/blockRangeSummary'
export {
  type BlocksInspection,
  type InspectedValuation,
  inspectBlocks,
  type TradesInspection,
} from './queries/inspectBlocks'
export {
  countUnfinishedJobs,
  countUnprocessed,
  hasProcessingTables,
  listFailedJobRanges,
  listUnfinishedJobs,
  type ProcessedBlockSummary,
  readProcessedBlock,
  readWorkExtent,
  type UnfinishedJob,
} from './queries/processingStatus'
export { listSwapValuationsAt, readBlockGeneration, type SwapValuationAt } from './queries/swapValuations'
export {
  latestRangeEnd,
  type ProcessedRangeRow,
  processedRanges,
  truncateRangesIn,
  writeRangeIn,
} from './ranges'
export {
  type PricingMethodCount,
  type RouterVolume,
  readPricingMethodMix,
  readTopTraders,
  readTradesByRouter,
  readUnvaluedSwaps,
  type TopTrader,
  type UnvaluedSwaps,
} from './stats/readActivity'
export {
  assertStatPeriod,
  type PoolPeriodStat,
  type PoolVolume,
  periodStatsExtent,
  readPoolPeriodStats,
  readPoolVolumes,
  readTokenPeriodStats,
  StatPeriodError,
  type TimeRange,
  type TokenPeriodStat,
} from './stats/readPeriodStats'
export {
  blockSpan,
  type RebuildPeriodStatsResult,
  rebuildPeriodStats,
  refreshPeriodStatsIn,
  STAT_PERIODS,
  type StatPeriod,
  type StatSpan,
} from './stats/refreshPeriodStats'
export type * from './writers/types'
export { deleteBlocksFrom, markBlocksFailed, writeBlocks, writeBlocksIn } from './writers/writeBlocks'
