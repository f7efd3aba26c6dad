import { type Address, getAddress, zeroAddress } from 'viem'
import {
  deploy,
  minedReceipt,
  nonfungiblePositionManagerAbi,
  swapRouterAbi,
  uniswapV3Bytecode,
  uniswapV3FactoryAbi,
  uniswapV3PoolAbi,
} from './contracts'
import { anvilAccounts, type TestkitClient } from './createTestkitClient'

/** The Uniswap V3 contracts of one deployment (`deployUniswapV3`). */
export type UniswapV3 = {
  /** `UniswapV3Factory` of `@uniswap/v3-core`. */
  factory: Address
  /** `NonfungiblePositionManager` of `@uniswap/v3-periphery`: positions as ERC-721 tokens. */
  positionManager: Address
  /** `SwapRouter` of `@uniswap/v3-periphery`. */
  swapRouter: Address
  /** The wrapped native token the periphery was deployed with (its `WETH9`). */
  wrappedNative: Address
}

export type DeployUniswapV3Parameters = {
  /** The chain's wrapped native token (the testkit's WAVAX), the periphery's `WETH9`. */
  wrappedNative: Address
  /**
   * The position manager's token descriptor (what `tokenURI` calls); default the zero address:
   * only `tokenURI` uses it, and nothing in the testkit calls it.
   */
  tokenDescriptor?: Address | undefined
  from?: Address | undefined
}

/**
 * Deploys the real Uniswap V3 contracts from their npm artifacts: the factory (fee tiers 500,
 * 3000 and 10000 with tick spacings 10, 60 and 200), the non-fungible position manager and the
 * swap router. Needs automine.
 *
 * @example
 * ```ts
 * const v3 = await deployUniswapV3(client, { wrappedNative: market.tokens.wavax })
 * ```
 */
export async function deployUniswapV3(
  client: TestkitClient,
  parameters: DeployUniswapV3Parameters,
): Promise<UniswapV3> {
  const from = parameters.from ?? anvilAccounts[0]
  const wrappedNative = getAddress(parameters.wrappedNative)
  const factory = await deploy(client, {
    abi: uniswapV3FactoryAbi,
    bytecode: uniswapV3Bytecode('UniswapV3Factory'),
    args: [],
    from,
    what: 'deploy the Uniswap V3 factory',
  })
  const positionManager = await deploy(client, {
    abi: nonfungiblePositionManagerAbi,
    bytecode: uniswapV3Bytecode('NonfungiblePositionManager'),
    args: [factory, wrappedNative, parameters.tokenDescriptor ?? zeroAddress],
    from,
    what: 'deploy the Uniswap V3 position manager',
  })
  const swapRouter = await deploy(client, {
    abi: swapRouterAbi,
    bytecode: uniswapV3Bytecode('SwapRouter'),
    args: [factory, wrappedNative],
    from,
    what: 'deploy the Uniswap V3 swap router',
  })
  return { factory, positionManager, swapRouter, wrappedNative }
}

/** A Uniswap-V3-style concentrated-liquidity pool (token0 < token1, by address). */
export type ClPool = {
  address: Address
  token0: Address
  token1: Address
  /** The fee tier, in hundredths of a basis point (3000 = 0.3%). */
  fee: number
  tickSpacing: number
}

export type CreateClPoolParameters = {
  factory: Address
  tokenA: Address
  tokenB: Address
  /** A fee tier the factory has enabled: 500, 3000 (default) or 10000. */
  fee?: number | undefined
  /** The initial price, √(token1/token0)·2^96 (see `encodeSqrtPriceX96`). */
  sqrtPriceX96: bigint
  from?: Address | undefined
}

/**
 * Creates a pool through the factory (`createPool`, which emits `PoolCreated`) and initialises
 * it at `sqrtPriceX96` (`initialize`, which emits `Initialize`): two transactions, needs automine.
 */
export async function createClPool(
  client: TestkitClient,
  parameters: CreateClPoolParameters,
): Promise<ClPool> {
  const from = parameters.from ?? anvilAccounts[0]
  const fee = parameters.fee ?? 3000
  const createHash = await client.writeContract({
    address: parameters.factory,
    abi: uniswapV3FactoryAbi,
    functionName: 'createPool',
    args: [parameters.tokenA, parameters.tokenB, fee],
    account: from,
    chain: null,
  })
  await minedReceipt(client, createHash, 'createPool')
  const address = getAddress(
    await client.readContract({
      address: parameters.factory,
      abi: uniswapV3FactoryAbi,
      functionName: 'getPool',
      args: [parameters.tokenA, parameters.tokenB, fee],
    }),
  )
  const initializeHash = await client.writeContract({
    address,
    abi: uniswapV3PoolAbi,
    functionName: 'initialize',
    args: [parameters.sqrtPriceX96],
    account: from,
    chain: null,
  })
  await minedReceipt(client, initializeHash, `initialize pool ${address}`)
  const [token0, token1, tickSpacing] = await Promise.all([
    client.readContract({ address, abi: uniswapV3PoolAbi, functionName: 'token0' }),
    client.readContract({ address, abi: uniswapV3PoolAbi, functionName: 'token1' }),
    client.readContract({ address, abi: uniswapV3PoolAbi, functionName: 'tickSpacing' }),
  ])
  return { address, token0: getAddress(token0), token1: getAddress(token1), fee, tickSpacing }
}

/** A pool's `slot0` price and tick and its in-range `liquidity`, by default in the pending state. */
export async function readClPoolState(
  client: TestkitClient,
  pool: Address,
  blockTag: 'pending' | 'latest' = 'pending',
): Promise<{ sqrtPriceX96: bigint; tick: number; liquidity: bigint }> {
  const [slot0, liquidity] = await Promise.all([
    client.readContract({ address: pool, abi: uniswapV3PoolAbi, functionName: 'slot0', blockTag }),
    client.readContract({ address: pool, abi: uniswapV3PoolAbi, functionName: 'liquidity', blockTag }),
  ])
  return { sqrtPriceX96: slot0[0], tick: slot0[1], liquidity }
}
