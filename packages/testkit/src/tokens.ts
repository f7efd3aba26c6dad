import type { Address, Hash } from 'viem'
import { testTokenAbi, wrappedNativeAbi, write } from './contracts'
import { anvilAccounts, type TestkitClient } from './createTestkitClient'

/** ERC-20 `transfer` of `amount` from `from` to `to` (emits Transfer). Works for the WAVAX-like token too. */
export function transfer(
  client: TestkitClient,
  parameters: { token: Address; from: Address; to: Address; amount: bigint },
): Promise<Hash> {
  return write(client, {
    address: parameters.token,
    abi: testTokenAbi,
    functionName: 'transfer',
    args: [parameters.to, parameters.amount],
    from: parameters.from,
  })
}

/** ERC-20 `approve` (emits Approval). */
export function approve(
  client: TestkitClient,
  parameters: { token: Address; from: Address; spender: Address; amount: bigint },
): Promise<Hash> {
  return write(client, {
    address: parameters.token,
    abi: testTokenAbi,
    functionName: 'approve',
    args: [parameters.spender, parameters.amount],
    from: parameters.from,
  })
}

/** `TestToken.mint(to, amount)` (emits Transfer from address(0)). */
export function mintToken(
  client: TestkitClient,
  parameters: { token: Address; to: Address; amount: bigint; from?: Address | undefined },
): Promise<Hash> {
  return write(client, {
    address: parameters.token,
    abi: testTokenAbi,
    functionName: 'mint',
    args: [parameters.to, parameters.amount],
    from: parameters.from ?? anvilAccounts[0],
  })
}

/** Wraps native AVAX: `deposit()` with `amount` as value (emits Deposit). */
export function wrap(
  client: TestkitClient,
  parameters: { wavax: Address; from: Address; amount: bigint },
): Promise<Hash> {
  return write(client, {
    address: parameters.wavax,
    abi: wrappedNativeAbi,
    functionName: 'deposit',
    args: [],
    from: parameters.from,
    value: parameters.amount,
  })
}

/** Unwraps: `withdraw(amount)` (emits Withdrawal). */
export function unwrap(
  client: TestkitClient,
  parameters: { wavax: Address; from: Address; amount: bigint },
): Promise<Hash> {
  return write(client, {
    address: parameters.wavax,
    abi: wrappedNativeAbi,
    functionName: 'withdraw',
    args: [parameters.amount],
    from: parameters.from,
  })
}

/** `balanceOf(owner)` of an ERC-20, in the pending state by default. */
export function balanceOf(
  client: TestkitClient,
  parameters: { token: Address; owner: Address; blockTag?: 'pending' | 'latest' | undefined },
): Promise<bigint> {
  return client.readContract({
    address: parameters.token,
    abi: testTokenAbi,
    functionName: 'balanceOf',
    args: [parameters.owner],
    blockTag: parameters.blockTag ?? 'pending',
  })
}
