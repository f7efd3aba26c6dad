import type { Hex } from 'viem'

export type DecodePackedAmountsReturnType = {
  /** Token X's amount: the low 128 bits. */
  x: bigint
  /** Token Y's amount: the high 128 bits. */
  y: bigint
}

const MASK_128 = (1n << 128n) - 1n

/**
 * Splits a Liquidity Book `bytes32` that packs two uint128 amounts
 * (`PackedUint128Math` of joe-v2): token X in the low 128 bits, token Y in the
 * high 128 bits.
 *
 * @example
 * ```ts
 * decodePackedAmounts('0x0000000000000000000000000000000200000000000000000000000000000001')
 * // { x: 1n, y: 2n }
 * ```
 */
export function decodePackedAmounts(packed: Hex): DecodePackedAmountsReturnType {
  const value = BigInt(packed)
  return { x: value & MASK_128, y: value >> 128n }
}
