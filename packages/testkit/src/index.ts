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
  alignTick,
  encodeSqrtPriceX96,
  MAX_TICK,
  MIN_TICK,
  Q96,
  sqrtFloor,
  type TickRangeParameters,
  tickRange,
} from './clMath'
export {
  burnPosition,
  type ClPosition,
  type CollectPositionParameters,
  collectPosition,
  type DecreaseLiquidityParameters,
  decreaseLiquidity,
  type IncreaseLiquidityParameters,
  increaseLiquidity,
  type MintPositionParameters,
  type MintPositionReturnType,
  mintPosition,
  readPosition,
  type TransferPositionParameters,
  transferPosition,
} from './clPositions'
export {
  type ClScenarioPosition,
  type RunClScenarioParameters,
  type RunClScenarioReturnType,
  runClScenario,
  SOLIDLY_FEE_RECIPIENT,
} from './clScenario'
export { type ClSwapParameters, type ClSwapReturnType, clSwap } from './clSwap'
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
  nonfungiblePositionManagerAbi,
  ownedTokenAbi,
  solidlyPairAbi,
  swapRouterAbi,
  testAggregatorAbi,
  testRouterAbi,
  testSplitRouterAbi,
  testTokenAbi,
  type UniswapV3ContractName,
  uniswapV2Bytecode,
  uniswapV2FactoryAbi,
  uniswapV2PairAbi,
  uniswapV3Bytecode,
  uniswapV3FactoryAbi,
  uniswapV3PoolAbi,
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
  type ClPool,
  type CreateClPoolParameters,
  createClPool,
  type DeployUniswapV3Parameters,
  deployUniswapV3,
  readClPoolState,
  type UniswapV3,
} from './deployUniswapV3'
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
export { fixtureMigrationsDir } from './fixtureMigrations'
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
export { pausePreloadPath } from './pausePreload'
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
  addSolidlyLiquidity,
  type DeploySolidlyPairParameters,
  deploySolidlyPair,
  getSolidlyAmountOut,
  readSolidlyReserves,
  removeSolidlyLiquidity,
  type SolidlyPair,
  type SolidlySwapParameters,
  solidlySwap,
} from './solidlyPair'
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
export { type S3Fault, type S3Server, type StartS3ServerParameters, startS3Server } from './startS3Server'
export {
  readReserves,
  type SwapParameters,
  type SwapReturnType,
  type SwapViaRouterParameters,
  type SwapViaRouterReturnType,
  swap,
  swapViaRouter,
} from './swap'
export { type TestDatabase, testDatabase, testServer, testServerUrl } from './testDatabase'
export { approve, balanceOf, mintToken, transfer, unwrap, wrap } from './tokens'
export { getAmountOut, getAmountsBurned, getLiquidityMinted, MINIMUM_LIQUIDITY } from './v2Math'
