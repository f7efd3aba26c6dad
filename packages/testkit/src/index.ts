export { anvilBinaryPath } from './anvilBinaryPath'
export { avalancheBlockNumbers, avalancheBlocksDir } from './avalancheFixtures'
export {
  getBlockReceipts,
  type InOneBlockReturnType,
  inOneBlock,
  mine,
  revert,
  rollback,
  setAutomine,
  setIntervalMining,
  snapshot,
} from './chain'
export {
  createV2Pair,
  type DeployAggregatorParameters,
  type DeployTestTokenParameters,
  type DeployWrappedNativeParameters,
  deployAggregator,
  deployOwnedToken,
  deploySplitRouter,
  deployTestRouter,
  deployTestToken,
  deployUniswapV2Factory,
  deployWrappedNative,
  ownedTokenAbi,
  testAggregatorAbi,
  testRouterAbi,
  testSplitRouterAbi,
  testTokenAbi,
  uniswapV2Bytecode,
  uniswapV2FactoryAbi,
  uniswapV2PairAbi,
  type V2Pair,
  wrappedNativeAbi,
} from './contracts'
export { createRandom, type Random } from './createRandom'
export {
  anvilAccounts,
  type CreateTestkitClientParameters,
  createTestkitClient,
  type TestkitClient,
} from './createTestkitClient'
export { type DeployMarketParameters, deployMarket, type Market } from './deployMarket'
export {
  AnvilNotFoundError,
  AnvilStartError,
  AutomineRequiredError,
  InvalidTestPostgresSettingError,
  PostgresAccountNotFoundError,
  PostgresNotFoundError,
  PostgresStartError,
  TestPostgresUnreachableError,
  TokenNotInPairError,
  TransactionNotMinedError,
  TransactionRevertedError,
  TransactionsNotMinedError,
} from './errors'
export {
  type ActivityAction,
  type ActivityBlock,
  type GenerateActivityParameters,
  type GenerateActivityReturnType,
  generateActivity,
} from './generateActivity'
export {
  type AddLiquidityParameters,
  type AddLiquidityReturnType,
  addLiquidity,
  type RemoveLiquidityParameters,
  type RemoveLiquidityReturnType,
  removeLiquidity,
} from './liquidity'
export {
  type MarketConfigFilesParameters,
  type MarketConfigFilesReturnType,
  marketConfigFiles,
} from './marketConfig'
export { postgresBinaryDir } from './postgresBinaryDir'
export {
  type RoundData,
  readLatestRoundData,
  type UpdateAnswerParameters,
  updateAnswer,
} from './priceFeed'
export {
  LOCAL_TEST_DATABASE_URL,
  type ResolveTestPostgresParameters,
  resolveTestPostgres,
  type TestPostgres,
} from './resolveTestPostgres'
export { type RunWithTestPostgresParameters, runWithTestPostgres } from './runWithTestPostgres'
export { serverVersion } from './serverVersion'
export {
  type FillSplitOrdersParameters,
  fillSplitOrders,
  type SimulatedOrder,
  type SplitOrder,
  type SplitStep,
  type SwapViaSplitRouterParameters,
  simulateSplitOrders,
  swapViaSplitRouter,
} from './splitRouter'
export {
  type Anvil,
  AVALANCHE_CHAIN_ID,
  DEFAULT_GENESIS_TIMESTAMP,
  type StartAnvilParameters,
  startAnvil,
} from './startAnvil'
export { type Postgres, type StartPostgresParameters, startPostgres } from './startPostgres'
export {
  readReserves,
  type SwapParameters,
  type SwapReturnType,
  type SwapViaRouterParameters,
  type SwapViaRouterReturnType,
  swap,
  swapViaRouter,
} from './swap'
export { approve, balanceOf, mintToken, transfer, unwrap, wrap } from './tokens'
export { getAmountOut, getAmountsBurned, getLiquidityMinted, MINIMUM_LIQUIDITY } from './v2Math'
