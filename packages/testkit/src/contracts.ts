import { createRequire } from 'node:module'
import { type Abi, type Address, type ContractConstructorArgs, getAddress, type Hash, type Hex } from 'viem'
import { ownedTokenAbi, ownedTokenBytecode } from './artifacts/ownedToken'
import { solidlyPairAbi, solidlyPairBytecode } from './artifacts/solidlyPair'
import { testAggregatorAbi, testAggregatorBytecode } from './artifacts/testAggregator'
import { testRouterAbi, testRouterBytecode } from './artifacts/testRouter'
import { testSplitRouterAbi, testSplitRouterBytecode } from './artifacts/testSplitRouter'
import { testTokenAbi, testTokenBytecode } from './artifacts/testToken'
import { uniswapV2FactoryAbi, uniswapV2PairAbi } from './artifacts/uniswapV2'
import {
  nonfungiblePositionManagerAbi,
  swapRouterAbi,
  uniswapV3FactoryAbi,
  uniswapV3PoolAbi,
} from './artifacts/uniswapV3'
import { wrappedNativeAbi, wrappedNativeBytecode } from './artifacts/wrappedNative'
import { anvilAccounts, type TestkitClient } from './createTestkitClient'
import { AutomineRequiredError, TransactionNotMinedError, TransactionRevertedError } from './errors'

export {
  nonfungiblePositionManagerAbi,
  ownedTokenAbi,
  solidlyPairAbi,
  solidlyPairBytecode,
  swapRouterAbi,
  testAggregatorAbi,
  testRouterAbi,
  testSplitRouterAbi,
  testTokenAbi,
  uniswapV2FactoryAbi,
  uniswapV2PairAbi,
  uniswapV3FactoryAbi,
  uniswapV3PoolAbi,
  wrappedNativeAbi,
}

/**
 * The creation bytecode of a contract of `@uniswap/v2-core`, read from the package's
 * `build/<name>.json` (the artifacts Uniswap published, compiled with solc 0.5.16).
 */
export function uniswapV2Bytecode(name: 'UniswapV2Factory' | 'UniswapV2Pair'): Hex {
  const artifact = createRequire(import.meta.url)(`@uniswap/v2-core/build/${name}.json`) as {
    bytecode: string
  }
  return (artifact.bytecode.startsWith('0x') ? artifact.bytecode : `0x${artifact.bytecode}`) as Hex
}

/** The Uniswap V3 contracts whose creation bytecode `uniswapV3Bytecode` reads. */
export type UniswapV3ContractName = 'UniswapV3Factory' | 'NonfungiblePositionManager' | 'SwapRouter'

const uniswapV3Paths: Record<UniswapV3ContractName, string> = {
  UniswapV3Factory: '@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json',
  NonfungiblePositionManager:
    '@uniswap/v3-periphery/artifacts/contracts/NonfungiblePositionManager.sol/NonfungiblePositionManager.json',
  SwapRouter: '@uniswap/v3-periphery/artifacts/contracts/SwapRouter.sol/SwapRouter.json',
}

/**
 * The creation bytecode of a contract of `@uniswap/v3-core` or `@uniswap/v3-periphery`, read
 * from the package's `artifacts/contracts/<name>.sol/<name>.json` (Uniswap's published builds;
 * the factory deploys pools whose init code hash is the periphery's `POOL_INIT_CODE_HASH`).
 */
export function uniswapV3Bytecode(name: UniswapV3ContractName): Hex {
  const artifact = createRequire(import.meta.url)(uniswapV3Paths[name]) as { bytecode: Hex }
  return artifact.bytecode
}

type DeployParameters<abi extends Abi> = {
  abi: abi
  bytecode: Hex
  args: ContractConstructorArgs<abi>
  from?: Address | undefined
  what: string
}

/** Deploys a contract and returns its address; needs automine. @internal */
export async function deploy<const abi extends Abi>(
  client: TestkitClient,
  parameters: DeployParameters<abi>,
): Promise<Address> {
  const hash = await client.deployContract({
    abi: parameters.abi,
    bytecode: parameters.bytecode,
    args: parameters.args,
    account: parameters.from ?? anvilAccounts[0],
    chain: null,
  } as never)
  const receipt = await minedReceipt(client, hash, parameters.what)
  if (!receipt.contractAddress) throw new TransactionRevertedError(hash, receipt.blockNumber, parameters.what)
  return getAddress(receipt.contractAddress)
}

/** The receipt of a transaction that automine has mined; throws if it is pending or reverted. @internal */
export async function minedReceipt(client: TestkitClient, hash: Hash, what: string) {
  // anvil's automine mines right after answering eth_sendTransaction, not before: poll.
  const deadline = Date.now() + 10_000
  for (let delay = 1; ; delay = Math.min(delay * 2, 100)) {
    const receipt = await client.getTransactionReceipt({ hash }).catch(() => undefined)
    if (receipt) {
      if (receipt.status !== 'success') throw new TransactionRevertedError(hash, receipt.blockNumber, what)
      return receipt
    }
    if (!(await client.getAutomine())) throw new AutomineRequiredError(what, hash)
    if (Date.now() > deadline) throw new TransactionNotMinedError(hash, what)
    await new Promise((resolve) => setTimeout(resolve, delay))
  }
}

export type DeployTestTokenParameters = {
  name: string
  symbol: string
  /** 18 (default) or any other, e.g. 6 for a USDC-like token. */
  decimals?: number | undefined
  from?: Address | undefined
}

/**
 * Deploys a plain ERC-20 (`contracts/TestToken.sol`) whose `mint(to, amount)` anyone may call.
 *
 * @example
 * ```ts
 * const usdc = await deployTestToken(client, { name: 'USD Coin', symbol: 'USDC', decimals: 6 })
 * ```
 */
export function deployTestToken(
  client: TestkitClient,
  parameters: DeployTestTokenParameters,
): Promise<Address> {
  return deploy(client, {
    abi: testTokenAbi,
    bytecode: testTokenBytecode,
    args: [parameters.name, parameters.symbol, parameters.decimals ?? 18],
    from: parameters.from,
    what: `deploy ${parameters.symbol}`,
  })
}

/**
 * Deploys an ERC-20 with an owner and a pause switch (`contracts/OwnedToken.sol`): a
 * TestToken that also emits OpenZeppelin's `OwnershipTransferred` (from its constructor
 * on, and on `transferOwnership`), `Paused` and `Unpaused`, as many real tokens do.
 *
 * @example
 * ```ts
 * const token = await deployOwnedToken(client, { name: 'Owned', symbol: 'OWN' })
 * ```
 */
export function deployOwnedToken(
  client: TestkitClient,
  parameters: DeployTestTokenParameters,
): Promise<Address> {
  return deploy(client, {
    abi: ownedTokenAbi,
    bytecode: ownedTokenBytecode,
    args: [parameters.name, parameters.symbol, parameters.decimals ?? 18],
    from: parameters.from,
    what: `deploy ${parameters.symbol}`,
  })
}

export type DeployWrappedNativeParameters = {
  /** Default "Wrapped AVAX". */
  name?: string | undefined
  /** Default "WAVAX". */
  symbol?: string | undefined
  from?: Address | undefined
}

/**
 * Deploys a WAVAX-like wrapper (`contracts/WrappedNative.sol`: WETH9's functions and
 * events — Deposit, Withdrawal, Transfer, Approval — exactly).
 */
export function deployWrappedNative(
  client: TestkitClient,
  parameters: DeployWrappedNativeParameters = {},
): Promise<Address> {
  return deploy(client, {
    abi: wrappedNativeAbi,
    bytecode: wrappedNativeBytecode,
    args: [parameters.name ?? 'Wrapped AVAX', parameters.symbol ?? 'WAVAX'],
    from: parameters.from,
    what: 'deploy the wrapped native token',
  })
}

export type DeployAggregatorParameters = {
  /** The first answer, in `decimals` decimals (e.g. `25_00000000n` for 25 USD); 0 for none. */
  initialAnswer: bigint
  /** Default 8, like Chainlink's USD feeds. */
  decimals?: number | undefined
  /** Default "AVAX / USD". */
  description?: string | undefined
  from?: Address | undefined
}

/**
 * Deploys a Chainlink-style feed (`contracts/TestAggregator.sol`): `latestRoundData()`,
 * `decimals()`, and `AnswerUpdated(int256 indexed current, uint256 indexed roundId,
 * uint256 updatedAt)` on every answer (set with `updateAnswer`).
 */
export function deployAggregator(
  client: TestkitClient,
  parameters: DeployAggregatorParameters,
): Promise<Address> {
  return deploy(client, {
    abi: testAggregatorAbi,
    bytecode: testAggregatorBytecode,
    args: [parameters.decimals ?? 8, parameters.description ?? 'AVAX / USD', parameters.initialAnswer],
    from: parameters.from,
    what: 'deploy the aggregator',
  })
}

/** Deploys the Uniswap V2 factory of `@uniswap/v2-core` (fee recipient setter: the deployer). */
export function deployUniswapV2Factory(
  client: TestkitClient,
  parameters: { from?: Address | undefined } = {},
): Promise<Address> {
  const from = parameters.from ?? anvilAccounts[0]
  return deploy(client, {
    abi: uniswapV2FactoryAbi,
    bytecode: uniswapV2Bytecode('UniswapV2Factory'),
    args: [from],
    from,
    what: 'deploy the Uniswap V2 factory',
  })
}

/** Deploys the router of `contracts/TestRouter.sol` (exact-input swaps along a route of V2 pairs, in one transaction). */
export function deployTestRouter(
  client: TestkitClient,
  parameters: { from?: Address | undefined } = {},
): Promise<Address> {
  return deploy(client, {
    abi: testRouterAbi,
    bytecode: testRouterBytecode,
    args: [],
    from: parameters.from,
    what: 'deploy the router',
  })
}

/**
 * Deploys the aggregator-style router of `contracts/TestSplitRouter.sol`: one order split over
 * pools and hopping through tokens, or several owners' orders in one transaction, each reported
 * with the LFJ aggregator's `SwapExactIn` event.
 */
export function deploySplitRouter(
  client: TestkitClient,
  parameters: { from?: Address | undefined } = {},
): Promise<Address> {
  return deploy(client, {
    abi: testSplitRouterAbi,
    bytecode: testSplitRouterBytecode,
    args: [],
    from: parameters.from,
    what: 'deploy the split router',
  })
}

/** A Uniswap-V2-style pair and its two tokens (token0 < token1, by address). */
export type V2Pair = {
  address: Address
  token0: Address
  token1: Address
}

/**
 * Creates the pair of `tokenA` and `tokenB` through a V2 factory (`createPair`, which
 * emits `PairCreated`) and returns it with its ordered tokens.
 */
export async function createV2Pair(
  client: TestkitClient,
  parameters: { factory: Address; tokenA: Address; tokenB: Address; from?: Address | undefined },
): Promise<V2Pair> {
  const hash = await client.writeContract({
    address: parameters.factory,
    abi: uniswapV2FactoryAbi,
    functionName: 'createPair',
    args: [parameters.tokenA, parameters.tokenB],
    account: parameters.from ?? anvilAccounts[0],
    chain: null,
  })
  await minedReceipt(client, hash, 'createPair')
  const address = await client.readContract({
    address: parameters.factory,
    abi: uniswapV2FactoryAbi,
    functionName: 'getPair',
    args: [parameters.tokenA, parameters.tokenB],
  })
  const [token0, token1] =
    BigInt(parameters.tokenA) < BigInt(parameters.tokenB)
      ? [parameters.tokenA, parameters.tokenB]
      : [parameters.tokenB, parameters.tokenA]
  return { address: getAddress(address), token0: getAddress(token0), token1: getAddress(token1) }
}

/**
 * Sends one contract call from an unlocked anvil account and returns its hash — once it
 * is mined when automine is on, at once otherwise (inside `inOneBlock`). The gas is
 * estimated against the pending state, so a call that would revert throws here, with its
 * reason, in both cases. @internal
 */
export async function write(
  client: TestkitClient,
  parameters: {
    address: Address
    abi: Abi
    functionName: string
    args: readonly unknown[]
    from: Address
    value?: bigint | undefined
  },
): Promise<Hash> {
  const call = {
    address: parameters.address,
    abi: parameters.abi,
    functionName: parameters.functionName,
    args: parameters.args,
    account: parameters.from,
    value: parameters.value,
  }
  // anvil's eth_sendTransaction estimates against the latest block, not the pending one,
  // and silently falls back to the block gas limit when that fails (as it does for a
  // call that depends on a transaction still pending in the same block).
  const gas = await client.estimateContractGas({ ...call, blockTag: 'pending' } as never)
  const hash = await client.writeContract({ ...call, gas: (gas * 11n) / 10n, chain: null } as never)
  // With automine, return once the transaction is mined (anvil mines just after answering).
  if (await client.getAutomine())
    await minedReceipt(client, hash, `${parameters.functionName} on ${parameters.address}`)
  return hash
}

/** Case-insensitive address equality. @internal */
export function isSameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase()
}
