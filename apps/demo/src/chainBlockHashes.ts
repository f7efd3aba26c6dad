/**
 * The hash of each block `numbers` names, read from a node in JSON-RPC
 * batches (`eth_getBlockByNumber`); a block the node does not have maps to
 * `undefined`.
 *
 * @example
 * ```ts
 * const hashes = await chainBlockHashes(anvil.rpcUrl, [1n, 2n, 3n])
 * hashes.get(1n) // '0x…'
 * ```
 */
export async function chainBlockHashes(
  rpcUrl: string,
  numbers: readonly bigint[],
  batchSize = 500,
): Promise<Map<bigint, string | undefined>> {
  const hashes = new Map<bigint, string | undefined>()
  for (let start = 0; start < numbers.length; start += batchSize) {
    const chunk = numbers.slice(start, start + batchSize)
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        chunk.map((number, id) => ({
          jsonrpc: '2.0',
          id,
          method: 'eth_getBlockByNumber',
          params: [`0x${number.toString(16)}`, false],
        })),
      ),
    })
    const answers = (await response.json()) as {
      id: number
      result?: { hash?: string } | null
      error?: { message: string }
    }[]
    for (const answer of answers) {
      if (answer.error) throw new Error(`eth_getBlockByNumber failed: ${answer.error.message}`)
      const number = chunk[answer.id]
      if (number !== undefined) hashes.set(number, answer.result?.hash ?? undefined)
    }
  }
  return hashes
}
