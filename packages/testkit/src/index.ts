export { anvilBinaryPath } from './anvilBinaryPath'
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
  anvilAccounts,
  type CreateTestkitClientParameters,
  createTestkitClient,
  type TestkitClient,
} from './createTestkitClient'
export {
  AnvilNotFoundError,
  AnvilStartError,
  AutomineRequiredError,
  TokenNotInPairError,
  TransactionNotMinedError,
  TransactionRevertedError,
  TransactionsNotMinedError,
} from './errors'
export {
  type Anvil,
  AVALANCHE_CHAIN_ID,
  DEFAULT_GENESIS_TIMESTAMP,
  type StartAnvilParameters,
  startAnvil,
} from './startAnvil'
