import { type Address, createTestClient, defineChain, http, publicActions, walletActions } from 'viem'
import { AVALANCHE_CHAIN_ID } from './startAnvil'

export type CreateTestkitClientParameters = {
  rpcUrl: string
  /** Chain id the node was started with (default 43114). */
  chainId?: number | undefined
}

/**
 * The addresses of anvil's ten default funded accounts (mnemonic "test test … junk"),
 * each holding 10,000 AVAX at genesis. They are unlocked: anvil signs for them.
 */
export const anvilAccounts = [
  '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
  '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
  '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65',
  '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc',
  '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
  '0x14dC79964da2C08b23698B3D3cc7Ca32193d9955',
  '0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f',
  '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720',
] as const satisfies readonly Address[]

/**
 * One viem client for a testkit chain with the test (anvil), public and wallet
 * actions. Wallet actions take `account` per call (an address of `anvilAccounts`).
 *
 * @example
 * ```ts
 * const client = createTestkitClient({ rpcUrl: anvil.rpcUrl })
 * await client.getBlockNumber()
 * await client.mine({ blocks: 1 })
 * ```
 */
export function createTestkitClient(parameters: CreateTestkitClientParameters) {
  const chain = defineChain({
    id: parameters.chainId ?? AVALANCHE_CHAIN_ID,
    name: 'Avalanche C-Chain (anvil)',
    nativeCurrency: { name: 'Avalanche', symbol: 'AVAX', decimals: 18 },
    rpcUrls: { default: { http: [parameters.rpcUrl] } },
  })
  return createTestClient({
    chain,
    mode: 'anvil',
    transport: http(parameters.rpcUrl, { retryCount: 0 }),
    pollingInterval: 50,
    cacheTime: 0,
  })
    .extend(publicActions)
    .extend(walletActions)
}

/** The client `createTestkitClient` returns. */
export type TestkitClient = ReturnType<typeof createTestkitClient>
