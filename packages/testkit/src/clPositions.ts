import { type Address, type Hash, maxUint128, maxUint256 } from 'viem'
import { nonfungiblePositionManagerAbi, write } from './contracts'
import type { TestkitClient } from './createTestkitClient'
import type { ClPool } from './deployUniswapV3'

type PositionManagerFunction =
  | 'mint'
  | 'increaseLiquidity'
  | 'decreaseLiquidity'
  | 'collect'
  | 'burn'
  | 'safeTransferFrom'
  | 'transferFrom'

/**
 * Runs a position-manager call against the pending state (to learn what it returns), then
 * sends it: both see the same state, so the result is what the transaction does. @internal
 */
async function callPositionManager<result>(
  client: TestkitClient,
  parameters: {
    positionManager: Address
    functionName: PositionManagerFunction
    args: readonly unknown[]
    from: Address
  },
): Promise<{ result: result; hash: Hash }> {
  const { result } = (await client.simulateContract({
    address: parameters.positionManager,
    abi: nonfungiblePositionManagerAbi,
    functionName: parameters.functionName,
    args: parameters.args,
    account: parameters.from,
    blockTag: 'pending',
  } as never)) as { result: result }
  const hash = await write(client, {
    address: parameters.positionManager,
    abi: nonfungiblePositionManagerAbi,
    functionName: parameters.functionName,
    args: parameters.args,
    from: parameters.from,
  })
  return { result, hash }
}

export type MintPositionParameters = {
  positionManager: Address
  pool: ClPool
  tickLower: number
  tickUpper: number
  /** The most token0 to deposit (all of it when the range lies above the price; none when below). */
  amount0Desired: bigint
  /** The most token1 to deposit. */
  amount1Desired: bigint
  /** The owner: an unlocked account holding the amounts, which approved the position manager for both tokens. */
  from: Address
  /** Receiver of the position NFT (default `from`). */
  recipient?: Address | undefined
}

export type MintPositionReturnType = {
  tokenId: bigint
  liquidity: bigint
  /** What the pool took, as the position manager reports it. */
  amount0: bigint
  amount1: bigint
  hash: Hash
}

/**
 * Opens a position over `[tickLower, tickUpper)` through the position manager (`mint`): the
 * pool emits `Mint` (owner = the manager), the manager `IncreaseLiquidity` and the NFT's `Transfer`
 * from the zero address.
 *
 * @example
 * ```ts
 * const { tick } = await readClPoolState(client, pool.address)
 * const position = await mintPosition(client, {
 *   positionManager: v3.positionManager,
 *   pool,
 *   ...tickRange({ tick, tickSpacing: pool.tickSpacing, spacingsBelow: 10, spacingsAbove: 10 }),
 *   amount0Desired: parseEther('100000'),
 *   amount1Desired: parseEther('10'),
 *   from: market.traders[0],
 * })
 * ```
 */
export async function mintPosition(
  client: TestkitClient,
  parameters: MintPositionParameters,
): Promise<MintPositionReturnType> {
  const { pool } = parameters
  const { result, hash } = await callPositionManager<readonly [bigint, bigint, bigint, bigint]>(client, {
    positionManager: parameters.positionManager,
    functionName: 'mint',
    args: [
      {
        token0: pool.token0,
        token1: pool.token1,
        fee: pool.fee,
        tickLower: parameters.tickLower,
        tickUpper: parameters.tickUpper,
        amount0Desired: parameters.amount0Desired,
        amount1Desired: parameters.amount1Desired,
        amount0Min: 0n,
        amount1Min: 0n,
        recipient: parameters.recipient ?? parameters.from,
        deadline: maxUint256,
      },
    ],
    from: parameters.from,
  })
  const [tokenId, liquidity, amount0, amount1] = result
  return { tokenId, liquidity, amount0, amount1, hash }
}

export type IncreaseLiquidityParameters = {
  positionManager: Address
  tokenId: bigint
  amount0Desired: bigint
  amount1Desired: bigint
  /** Anyone may add to a position: an account holding the amounts, which approved the manager. */
  from: Address
}

/** Adds to a position (`increaseLiquidity`): the pool's `Mint`, the manager's `IncreaseLiquidity`. */
export async function increaseLiquidity(
  client: TestkitClient,
  parameters: IncreaseLiquidityParameters,
): Promise<{ liquidity: bigint; amount0: bigint; amount1: bigint; hash: Hash }> {
  const { result, hash } = await callPositionManager<readonly [bigint, bigint, bigint]>(client, {
    positionManager: parameters.positionManager,
    functionName: 'increaseLiquidity',
    args: [
      {
        tokenId: parameters.tokenId,
        amount0Desired: parameters.amount0Desired,
        amount1Desired: parameters.amount1Desired,
        amount0Min: 0n,
        amount1Min: 0n,
        deadline: maxUint256,
      },
    ],
    from: parameters.from,
  })
  const [liquidity, amount0, amount1] = result
  return { liquidity, amount0, amount1, hash }
}

export type DecreaseLiquidityParameters = {
  positionManager: Address
  tokenId: bigint
  /** The liquidity to remove (at most the position's). */
  liquidity: bigint
  /** The position's owner (or an approved account). */
  from: Address
}

/**
 * Removes liquidity from a position (`decreaseLiquidity`): the pool's `Burn`, the manager's
 * `DecreaseLiquidity`. The tokens are owed to the position, not paid: `collectPosition` pays them.
 */
export async function decreaseLiquidity(
  client: TestkitClient,
  parameters: DecreaseLiquidityParameters,
): Promise<{ amount0: bigint; amount1: bigint; hash: Hash }> {
  const { result, hash } = await callPositionManager<readonly [bigint, bigint]>(client, {
    positionManager: parameters.positionManager,
    functionName: 'decreaseLiquidity',
    args: [
      {
        tokenId: parameters.tokenId,
        liquidity: parameters.liquidity,
        amount0Min: 0n,
        amount1Min: 0n,
        deadline: maxUint256,
      },
    ],
    from: parameters.from,
  })
  const [amount0, amount1] = result
  return { amount0, amount1, hash }
}

export type CollectPositionParameters = {
  positionManager: Address
  tokenId: bigint
  /** The position's owner (or an approved account). */
  from: Address
  /** Receiver of the tokens (default `from`). */
  recipient?: Address | undefined
  /** Default: everything owed (fees earned plus what `decreaseLiquidity` released). */
  amount0Max?: bigint | undefined
  amount1Max?: bigint | undefined
}

/**
 * Collects what a position is owed (`collect`): the manager first pokes the pool (a zero `Burn`
 * when the position has liquidity), then the pool's `Collect` (owner = the manager) and the
 * manager's `Collect`.
 */
export async function collectPosition(
  client: TestkitClient,
  parameters: CollectPositionParameters,
): Promise<{ amount0: bigint; amount1: bigint; hash: Hash }> {
  const { result, hash } = await callPositionManager<readonly [bigint, bigint]>(client, {
    positionManager: parameters.positionManager,
    functionName: 'collect',
    args: [
      {
        tokenId: parameters.tokenId,
        recipient: parameters.recipient ?? parameters.from,
        amount0Max: parameters.amount0Max ?? maxUint128,
        amount1Max: parameters.amount1Max ?? maxUint128,
      },
    ],
    from: parameters.from,
  })
  const [amount0, amount1] = result
  return { amount0, amount1, hash }
}

/** Burns a position's NFT (`burn`; its liquidity and owed tokens must be zero): the NFT's `Transfer` to the zero address. */
export async function burnPosition(
  client: TestkitClient,
  parameters: { positionManager: Address; tokenId: bigint; from: Address },
): Promise<Hash> {
  const { hash } = await callPositionManager(client, {
    positionManager: parameters.positionManager,
    functionName: 'burn',
    args: [parameters.tokenId],
    from: parameters.from,
  })
  return hash
}

export type TransferPositionParameters = {
  positionManager: Address
  tokenId: bigint
  /** The owner. */
  from: Address
  to: Address
  /** `safeTransferFrom(from, to, tokenId)` (default) or `transferFrom`. */
  method?: 'safeTransferFrom' | 'transferFrom' | undefined
}

/** Transfers a position's NFT to another account: the NFT's `Transfer` (and `Approval` cleared). */
export async function transferPosition(
  client: TestkitClient,
  parameters: TransferPositionParameters,
): Promise<Hash> {
  const { hash } = await callPositionManager(client, {
    positionManager: parameters.positionManager,
    functionName: parameters.method ?? 'safeTransferFrom',
    args: [parameters.from, parameters.to, parameters.tokenId],
    from: parameters.from,
  })
  return hash
}

/** The manager's `positions(tokenId)` view: the position's pool key, range, liquidity and owed tokens. */
export type ClPosition = {
  operator: Address
  token0: Address
  token1: Address
  fee: number
  tickLower: number
  tickUpper: number
  liquidity: bigint
  feeGrowthInside0LastX128: bigint
  feeGrowthInside1LastX128: bigint
  tokensOwed0: bigint
  tokensOwed1: bigint
}

/** Reads `positions(tokenId)` from the position manager (reverts for a burned token id). */
export async function readPosition(
  client: TestkitClient,
  parameters: { positionManager: Address; tokenId: bigint; blockTag?: 'pending' | 'latest' | undefined },
): Promise<ClPosition> {
  const [
    ,
    operator,
    token0,
    token1,
    fee,
    tickLower,
    tickUpper,
    liquidity,
    feeGrowthInside0LastX128,
    feeGrowthInside1LastX128,
    tokensOwed0,
    tokensOwed1,
  ] = await client.readContract({
    address: parameters.positionManager,
    abi: nonfungiblePositionManagerAbi,
    functionName: 'positions',
    args: [parameters.tokenId],
    blockTag: parameters.blockTag ?? 'pending',
  })
  return {
    operator,
    token0,
    token1,
    fee,
    tickLower,
    tickUpper,
    liquidity,
    feeGrowthInside0LastX128,
    feeGrowthInside1LastX128,
    tokensOwed0,
    tokensOwed1,
  }
}
