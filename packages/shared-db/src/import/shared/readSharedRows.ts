import type { ImportTransaction } from '../transaction'

/** What the shared database holds that a shared file's import compares with, or checks against. */
export type SharedRows = Awaited<ReturnType<typeof readSharedRows>>

/**
 * Reads the shared database's rows of the file's chain — chains, tokens, contracts (with their
 * pool tokens' addresses), labelled addresses, sources, price feeds — and every model's pool
 * pricing configs, each in id order.
 */
export async function readSharedRows(tx: ImportTransaction, chainId: number) {
  // One query at a time: an interactive transaction is one connection.
  const chains = await tx.chain.findMany({ orderBy: { id: 'asc' } })
  const tokens = await tx.token.findMany({ where: { chainId }, orderBy: { id: 'asc' } })
  const contracts = await tx.contract.findMany({
    where: { chainId },
    orderBy: { id: 'asc' },
    include: { baseToken: { select: { address: true } }, quoteToken: { select: { address: true } } },
  })
  const addresses = await tx.labelledAddress.findMany({ where: { chainId }, orderBy: { id: 'asc' } })
  const sources = await tx.source.findMany({ orderBy: { id: 'asc' } })
  const feeds = await tx.priceFeed.findMany({ orderBy: { id: 'asc' } })
  const pricingUses = await tx.poolPricingConfig.findMany({
    orderBy: { id: 'asc' },
    select: {
      method: true,
      pricingPool: true,
      startBlock: true,
      pool: { select: { address: true, chainId: true } },
      model: { select: { name: true } },
    },
  })
  return { chains, tokens, contracts, addresses, sources, feeds, pricingUses }
}
