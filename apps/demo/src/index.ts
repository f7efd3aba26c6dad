export {
  DemoArgumentError,
  DemoChainError,
  DemoInterruptedError,
  DemoProcessingError,
  DemoServerConfiguredError,
} from './errors'
export { formatSummary } from './formatSummary'
export { type DemoChain, type DemoChainInfo, demoChainFiles, openDemoChain } from './openDemoChain'
export type { ModelSummary, PoolVolume, PriceSummary, PricingSummary } from './readSummary'
export { type DemoIo, HELP, parseMainJobArguments, run } from './run'
export {
  DEFAULT_DEMO_BLOCKS,
  DEMO_MODEL,
  DEMO_RPC_ENV,
  type MainJobSummary,
  type RunMainJobParameters,
  runMainJob,
} from './runMainJob'
