import {
  type CanonicalPrice,
  computeCanonicalPrices,
  type PreviousCanonicalPrice,
} from './computeCanonicalPrices'
import type { ModelPricingSetup } from './modelPricingSetup'

/**
 * A token's canonical price as of a block at `time`: its period's row computed
 * from `window` (the window's swaps up to that block), continuing `previous`
 * (the last price before the period). What a GLOBAL swap in the block is valued at.
 */
export function canonicalPriceAt(parameters: {
  setup: ModelPricingSetup
  token: string
  window: Parameters<typeof computeCanonicalPrices>[0]['swaps']
  previous: PreviousCanonicalPrice | undefined
  time: bigint
}): CanonicalPrice | undefined {
  const { setup, token, window, previous, time } = parameters
  const [row] = computeCanonicalPrices({
    ...setup.canonical,
    swaps: window,
    previous: previous === undefined ? undefined : new Map([[token, previous]]),
    from: time,
    until: time,
  }).filter((price) => price.token === token)
  return row
}
