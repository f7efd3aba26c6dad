import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { isRunning, spawnTs, waitUntil } from './_test/processes'
import { AnvilStartError } from './errors'
import { DEFAULT_GENESIS_TIMESTAMP, startAnvil } from './startAnvil'

async function rpc(rpcUrl: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  return ((await response.json()) as { result: unknown }).result
}

describe('startAnvil', () => {
  test('default: an Avalanche-like chain that answers JSON-RPC, stopped cleanly', async () => {
    const anvil = await startAnvil()
    try {
      expect(anvil.rpcUrl).toBe(`http://127.0.0.1:${anvil.port}`)
      expect(anvil.chainId).toBe(43114)
      expect(await rpc(anvil.rpcUrl, 'eth_chainId')).toBe('0xa86a')
      const genesis = (await rpc(anvil.rpcUrl, 'eth_getBlockByNumber', ['0x0', false])) as {
        timestamp: string
      }
      expect(BigInt(genesis.timestamp)).toBe(DEFAULT_GENESIS_TIMESTAMP)
      // block timestamps advance by 2 s, whatever the wall clock says
      await rpc(anvil.rpcUrl, 'evm_mine')
      await rpc(anvil.rpcUrl, 'evm_mine')
      const second = (await rpc(anvil.rpcUrl, 'eth_getBlockByNumber', ['0x2', false])) as {
        timestamp: string
      }
      expect(BigInt(second.timestamp)).toBe(DEFAULT_GENESIS_TIMESTAMP + 4n)
      expect(isRunning(anvil.pid)).toBe(true)
    } finally {
      await anvil.stop()
    }
    expect(isRunning(anvil.pid)).toBe(false)
    await expect(rpc(anvil.rpcUrl, 'eth_chainId')).rejects.toThrow()
    await anvil.stop() // idempotent
  })

  test('args: chainId, genesis block number and timestamp, wall-clock timestamps', async () => {
    const anvil = await startAnvil({
      chainId: 31337,
      genesisBlockNumber: 58_219_691n,
      genesisTimestamp: 1_700_000_000n,
      timestampInterval: null,
    })
    try {
      expect(await rpc(anvil.rpcUrl, 'eth_chainId')).toBe('0x7a69')
      expect(BigInt((await rpc(anvil.rpcUrl, 'eth_blockNumber')) as string)).toBe(58_219_691n)
      const genesis = (await rpc(anvil.rpcUrl, 'eth_getBlockByNumber', ['latest', false])) as {
        timestamp: string
      }
      expect(BigInt(genesis.timestamp)).toBe(1_700_000_000n)
    } finally {
      await anvil.stop()
    }
  })

  test('behavior: several anvils run side by side on free ports', async () => {
    const [a, b] = await Promise.all([startAnvil(), startAnvil()])
    try {
      expect(a.port).not.toBe(b.port)
      await rpc(a.rpcUrl, 'evm_mine')
      expect(await rpc(a.rpcUrl, 'eth_blockNumber')).toBe('0x1')
      expect(await rpc(b.rpcUrl, 'eth_blockNumber')).toBe('0x0')
    } finally {
      await Promise.all([a.stop(), b.stop()])
    }
  })

  test('behavior: anvil does not outlive a test process killed with SIGKILL', async () => {
    const child = spawnTs(fileURLToPath(new URL('./_test/anvilChild.ts', import.meta.url)), [], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const line = await new Promise<string>((resolve, reject) => {
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        if (out.includes('\n')) resolve(out.split('\n')[0]!)
      })
      child.once('exit', (code) => reject(new Error(`the child exited with code ${code}: ${out}`)))
    })
    const { pid, rpcUrl } = JSON.parse(line) as { pid: number; rpcUrl: string }
    expect(await rpc(rpcUrl, 'eth_chainId')).toBe('0xa86a')
    child.kill('SIGKILL')
    expect(await waitUntil(() => !isRunning(pid), 5_000)).toBe(true)
  })

  test('error: anvil refuses its arguments', async () => {
    const error = await startAnvil({ args: ['--hardfork', 'no-such-fork'] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AnvilStartError)
    expect((error as AnvilStartError).shortMessage).toMatchInlineSnapshot(
      `"anvil could not be started: it exited with code 1 before listening."`,
    )
    expect((error as AnvilStartError).details.join('\n')).toContain('no-such-fork')
  })
})
