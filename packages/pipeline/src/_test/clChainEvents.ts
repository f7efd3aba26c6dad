// Test-only: what the chain says happened on concentrated-liquidity pools, their position
// manager and Solidly-style pairs, computed straight from JSON-RPC (viem getLogs and the
// contracts' own views, with the ABIs of @idx/testkit), with none of idx's code — so the
// indexed rows can be checked against it.

import {
  nonfungiblePositionManagerAbi,
  solidlyPairAbi,
  type TestkitClient,
  uniswapV3PoolAbi,
} from '@idx/testkit'
import { type Abi, type Address, getAddress, type Hash, type Log, parseEventLogs, zeroAddress } from 'viem'

/** Where a log is: its contract, block, transaction (with the transaction's sender) and index. */
export type LogLocation = {
  address: Address
  blockNumber: bigint
  transactionHash: Hash
  /** The transaction's `from`: the account that signed it (the taker of a router swap). */
  transactionFrom: Address
  logIndex: number
}

/** An exact rational number, reduced (`denominator` > 0). */
export type Fraction = { numerator: bigint; denominator: bigint }

export type ClSwapFact = LogLocation & {
  sender: Address
  recipient: Address
  /** Signed, from the pool's side: positive = paid into the pool, negative = paid out. */
  amount0: bigint
  amount1: bigint
  sqrtPriceX96: bigint
  liquidity: bigint
  tick: number
  /** The pool price after the swap: token1 per token0 in base units, `sqrtPriceX96² / 2^192`. */
  price: Fraction
}

export type ClMintFact = LogLocation & {
  sender: Address
  owner: Address
  tickLower: number
  tickUpper: number
  /** The liquidity added. */
  amount: bigint
  amount0: bigint
  amount1: bigint
}

export type ClBurnFact = LogLocation & {
  owner: Address
  tickLower: number
  tickUpper: number
  /** The liquidity removed (0 for the position manager's poke before a collect). */
  amount: bigint
  amount0: bigint
  amount1: bigint
}

export type ClCollectFact = LogLocation & {
  owner: Address
  recipient: Address
  tickLower: number
  tickUpper: number
  amount0: bigint
  amount1: bigint
}

export type ManagerLiquidityFact = LogLocation & {
  tokenId: bigint
  liquidity: bigint
  amount0: bigint
  amount1: bigint
}

export type ManagerCollectFact = LogLocation & {
  tokenId: bigint
  recipient: Address
  amount0: bigint
  amount1: bigint
}

export type PositionTransferFact = LogLocation & { tokenId: bigint; from: Address; to: Address }

/** A token id's state at the end of the range: `ownerOf` and `positions(tokenId)` (both null once burned). */
export type PositionViewFact = {
  positionManager: Address
  tokenId: bigint
  owner: Address | null
  position: {
    token0: Address
    token1: Address
    fee: number
    tickLower: number
    tickUpper: number
    liquidity: bigint
    tokensOwed0: bigint
    tokensOwed1: bigint
  } | null
}

export type SolidlySwapFact = LogLocation & {
  sender: Address
  to: Address
  amount0In: bigint
  amount1In: bigint
  amount0Out: bigint
  amount1Out: bigint
}
export type SolidlyAmountsFact = LogLocation & { sender: Address; amount0: bigint; amount1: bigint }
export type SolidlyBurnFact = SolidlyAmountsFact & { to: Address }
export type SolidlySyncFact = LogLocation & { reserve0: bigint; reserve1: bigint }

export type ClChainEvents = {
  pools: {
    swaps: ClSwapFact[]
    mints: ClMintFact[]
    burns: ClBurnFact[]
    collects: ClCollectFact[]
  }
  positionManagers: {
    increases: ManagerLiquidityFact[]
    decreases: ManagerLiquidityFact[]
    collects: ManagerCollectFact[]
    transfers: PositionTransferFact[]
    /** Every token id seen in a `Transfer` of the range, in order of first appearance. */
    positions: PositionViewFact[]
  }
  solidly: {
    swaps: SolidlySwapFact[]
    fees: SolidlyAmountsFact[]
    syncs: SolidlySyncFact[]
    mints: SolidlyAmountsFact[]
    burns: SolidlyBurnFact[]
  }
}

export type ReadClChainEventsParameters = {
  from: bigint
  to: bigint
  /** Uniswap-V3-style pools. */
  pools?: readonly Address[] | undefined
  /** Non-fungible position managers (their views are read at block `to`). */
  positionManagers?: readonly Address[] | undefined
  /** Solidly-style pairs. */
  solidlyPairs?: readonly Address[] | undefined
}

const lower = (value: string) => value.toLowerCase()

/**
 * Reads the logs of the given CL pools, position managers and Solidly pairs over blocks
 * `from`..`to` and each token id's final `ownerOf` and `positions(tokenId)`, and returns the
 * facts an indexing test compares with: every event with its arguments (signed CL amounts,
 * sqrtPriceX96, liquidity, tick, tick ranges, token ids), its location and its transaction's
 * sender, in chain order; each CL swap with its exact price (`sqrtPriceX96² / 2^192`).
 */
export async function readClChainEvents(
  client: TestkitClient,
  parameters: ReadClChainEventsParameters,
): Promise<ClChainEvents> {
  const { from, to } = parameters
  const pools = parameters.pools ?? []
  const managers = parameters.positionManagers ?? []
  const pairs = parameters.solidlyPairs ?? []
  const addresses = [...pools, ...managers, ...pairs]
  const logs =
    addresses.length === 0
      ? []
      : await client.getLogs({ address: [...addresses], fromBlock: from, toBlock: to })
  const senders = new Map<string, Address>()
  for (const hash of new Set(logs.map((log) => lower(log.transactionHash!)))) {
    const transaction = await client.getTransaction({ hash: hash as Hash })
    senders.set(hash, getAddress(transaction.from))
  }
  const at = (log: Log): LogLocation => ({
    address: getAddress(log.address),
    blockNumber: log.blockNumber!,
    transactionHash: log.transactionHash!,
    transactionFrom: senders.get(lower(log.transactionHash!))!,
    logIndex: log.logIndex!,
  })
  const of = <const abi extends Abi>(abi: abi, contracts: readonly Address[]) =>
    parseEventLogs({
      abi,
      logs: logs.filter((log) => contracts.some((address) => lower(address) === lower(log.address))),
      strict: true,
    })

  const events: ClChainEvents = {
    pools: { swaps: [], mints: [], burns: [], collects: [] },
    positionManagers: { increases: [], decreases: [], collects: [], transfers: [], positions: [] },
    solidly: { swaps: [], fees: [], syncs: [], mints: [], burns: [] },
  }

  for (const event of of(uniswapV3PoolAbi, pools)) {
    if (event.eventName === 'Swap')
      events.pools.swaps.push({
        ...at(event),
        ...event.args,
        price: priceFromSqrtPriceX96(event.args.sqrtPriceX96),
      })
    else if (event.eventName === 'Mint') events.pools.mints.push({ ...at(event), ...event.args })
    else if (event.eventName === 'Burn') events.pools.burns.push({ ...at(event), ...event.args })
    else if (event.eventName === 'Collect') events.pools.collects.push({ ...at(event), ...event.args })
  }

  const tokenIds = new Map<string, { positionManager: Address; tokenId: bigint }>()
  for (const event of of(nonfungiblePositionManagerAbi, managers)) {
    if (event.eventName === 'IncreaseLiquidity')
      events.positionManagers.increases.push({ ...at(event), ...event.args })
    else if (event.eventName === 'DecreaseLiquidity')
      events.positionManagers.decreases.push({ ...at(event), ...event.args })
    else if (event.eventName === 'Collect')
      events.positionManagers.collects.push({ ...at(event), ...event.args })
    else if (event.eventName === 'Transfer') {
      events.positionManagers.transfers.push({ ...at(event), ...event.args })
      const positionManager = getAddress(event.address)
      tokenIds.set(`${lower(positionManager)}:${event.args.tokenId}`, {
        positionManager,
        tokenId: event.args.tokenId,
      })
    }
  }
  for (const { positionManager, tokenId } of tokenIds.values())
    events.positionManagers.positions.push(await readPositionView(client, positionManager, tokenId, to))

  for (const event of of(solidlyPairAbi, pairs)) {
    if (event.eventName === 'Swap') events.solidly.swaps.push({ ...at(event), ...event.args })
    else if (event.eventName === 'Fees') events.solidly.fees.push({ ...at(event), ...event.args })
    else if (event.eventName === 'Sync') events.solidly.syncs.push({ ...at(event), ...event.args })
    else if (event.eventName === 'Mint') events.solidly.mints.push({ ...at(event), ...event.args })
    else if (event.eventName === 'Burn') events.solidly.burns.push({ ...at(event), ...event.args })
  }
  return events
}

/** `ownerOf` and `positions` at `blockNumber`; both revert for a burned (or never minted) token id. */
async function readPositionView(
  client: TestkitClient,
  positionManager: Address,
  tokenId: bigint,
  blockNumber: bigint,
): Promise<PositionViewFact> {
  const read = { address: positionManager, abi: nonfungiblePositionManagerAbi, blockNumber } as const
  const owner = await client
    .readContract({ ...read, functionName: 'ownerOf', args: [tokenId] })
    .then(getAddress, () => null)
  const view = await client
    .readContract({ ...read, functionName: 'positions', args: [tokenId] })
    .catch(() => null)
  return {
    positionManager,
    tokenId,
    owner,
    position:
      view === null
        ? null
        : {
            token0: getAddress(view[2]),
            token1: getAddress(view[3]),
            fee: view[4],
            tickLower: view[5],
            tickUpper: view[6],
            liquidity: view[7],
            tokensOwed0: view[10],
            tokensOwed1: view[11],
          },
  }
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b]
  while (y !== 0n) [x, y] = [y, x % y]
  return x
}

function reduce(numerator: bigint, denominator: bigint): Fraction {
  if (denominator === 0n) throw new RangeError('A price cannot have a zero denominator.')
  const sign = denominator < 0n ? -1n : 1n
  const divisor = gcd(numerator, denominator) || 1n
  return { numerator: (sign * numerator) / divisor, denominator: (sign * denominator) / divisor }
}

/** token1 per token0, in base units, exactly: `sqrtPriceX96² / 2^192`, reduced. */
export function priceFromSqrtPriceX96(sqrtPriceX96: bigint): Fraction {
  return reduce(sqrtPriceX96 * sqrtPriceX96, 1n << 192n)
}

/**
 * A pool price (token1 per token0, base units) as the price of one whole `base` token in whole
 * `quote` tokens: inverted when the base is token1, then scaled by 10^(base decimals − quote decimals).
 */
export function orientPrice(
  price: Fraction,
  parameters: { baseIsToken0: boolean; baseDecimals: number; quoteDecimals: number },
): Fraction {
  const oriented = parameters.baseIsToken0 ? price : reduce(price.denominator, price.numerator)
  const shift = parameters.baseDecimals - parameters.quoteDecimals
  return shift >= 0
    ? reduce(oriented.numerator * 10n ** BigInt(shift), oriented.denominator)
    : reduce(oriented.numerator, oriented.denominator * 10n ** BigInt(-shift))
}

/** The positions still open (not burned) with their owner, for listing an owner's positions. */
export function openPositions(events: ClChainEvents): PositionViewFact[] {
  return events.positionManagers.positions.filter(
    (position) => position.owner !== null && position.owner !== zeroAddress,
  )
}
