import type { SharedDbClient } from '../client'

/** A contract a transaction may be sent to that trades for the sender: a router or a DEX aggregator. */
export type RouterLabel = {
  /** Lowercase. */
  address: string
  /** For people: "Odos v2 router". */
  label: string
  /** `router` or `aggregator`: the labelled address's kind (a `dex_aggregator` contract is an `aggregator`). */
  kind: 'router' | 'aggregator'
}

/** The contract type of DEX aggregators' routers in the shared file. */
export const DEX_AGGREGATOR_TYPE = 'dex_aggregator'

/**
 * The routers and aggregators the shared database names, by address: every
 * labelled address of kind `router` or `aggregator`, and every contract of
 * type `dex_aggregator` (with its name as the label) that no labelled address
 * names already. A trade sent to one of them records it as its router.
 *
 * @example
 * ```ts
 * const routers = await listRouterLabels(db.client)
 * // [{ address: '0x45a6…', label: 'LFJ aggregator', kind: 'aggregator' }, …]
 * ```
 */
export async function listRouterLabels(client: SharedDbClient): Promise<RouterLabel[]> {
  const labelled = await client.labelledAddress.findMany({
    where: { kind: { in: ['router', 'aggregator'] } },
    select: { address: true, label: true, kind: true },
    orderBy: { address: 'asc' },
  })
  const aggregators = await client.contract.findMany({
    where: { type: DEX_AGGREGATOR_TYPE },
    select: { address: true, name: true },
    orderBy: { address: 'asc' },
  })
  const routers = new Map<string, RouterLabel>()
  for (const row of labelled)
    routers.set(row.address, {
      address: row.address,
      label: row.label,
      kind: row.kind as RouterLabel['kind'],
    })
  for (const row of aggregators)
    if (!routers.has(row.address))
      routers.set(row.address, { address: row.address, label: row.name, kind: 'aggregator' })
  return [...routers.values()].sort((a, b) => (a.address < b.address ? -1 : 1))
}
