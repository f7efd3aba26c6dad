import { describe, expect, test } from 'vitest'
import type { RpcSource } from '../source/createRpcSource'
import { createModelSource } from './createModelSource'
import { ModelSourceError, RpcUrlNotSetError } from './errors'

const rpc = {
  name: 'avalanche_rpc',
  type: 'rpc' as const,
  settings: { url_env: 'IDX_AVALANCHE_RPC_URL', batch_size: 50, requests_per_second: 10, max_retries: 5 },
}
const stored = {
  name: 'stored_blocks',
  type: 'stored_blocks' as const,
  settings: { path: '/var/idx/blocks' },
}
const env = { IDX_AVALANCHE_RPC_URL: 'https://user:secret@rpc.example/ext/bc/C/rpc' }

test('default: the first rpc source, its URL from the variable url_env names', () => {
  const created = createModelSource({ sources: [stored, rpc], env })
  expect(created).toMatchObject({ name: 'avalanche_rpc', type: 'rpc' })
  // The URL is the environment's (shown redacted), never taken from process.env.
  const { url } = created.source as RpcSource
  expect(url).toContain('@rpc.example/ext/bc/C/rpc')
  expect(url).not.toContain('secret')
  expect(created.readLbTokens).toBeTypeOf('function')
})

describe('behavior', () => {
  test('a stored_blocks source when the model has no rpc source', async () => {
    const created = createModelSource({ sources: [stored], env: {} })
    expect(created).toMatchObject({ name: 'stored_blocks', type: 'stored_blocks', readLbTokens: undefined })
    await expect(created.source.getHead()).rejects.toThrow('/var/idx/blocks')
  })

  test('the stored_blocks source when the rpc source has no URL set (no node: the archive)', () => {
    const created = createModelSource({ sources: [rpc, stored], env: {} })
    expect(created).toMatchObject({ name: 'stored_blocks', type: 'stored_blocks', readLbTokens: undefined })
  })

  test('a stored_blocks source of range files in a bucket', () => {
    const created = createModelSource({
      sources: [
        {
          ...stored,
          settings: {
            s3: {
              bucket: 'blocks',
              prefix: 'avalanche/',
              endpoint: 'http://127.0.0.1:9',
              force_path_style: true,
            },
            files: '{from:012}-{to:012}.json.gz',
          },
        },
      ],
      env: {},
    })
    expect(created).toMatchObject({ name: 'stored_blocks', type: 'stored_blocks' })
  })

  test('a source chosen by name; LB tokens still read through the rpc source', () => {
    const created = createModelSource({ sources: [rpc, stored], env, name: 'stored_blocks' })
    expect(created).toMatchObject({ name: 'stored_blocks', type: 'stored_blocks' })
    expect(created.readLbTokens).toBeTypeOf('function')
  })

  test('an rpc source whose variable is not set is no reader of LB tokens (and not an error) when not chosen', () => {
    const created = createModelSource({ sources: [rpc, stored], env: {}, name: 'stored_blocks' })
    expect(created.readLbTokens).toBeUndefined()
  })

  test('an empty variable counts as not set', () => {
    expect(() => createModelSource({ sources: [rpc], env: { IDX_AVALANCHE_RPC_URL: '  ' } })).toThrowError(
      RpcUrlNotSetError,
    )
  })
})

describe('error', () => {
  test('the variable url_env names is not set: the error names it', () => {
    expect(() => createModelSource({ sources: [rpc], env: {} })).toThrowErrorMatchingInlineSnapshot(`
      [RpcUrlNotSetError: The environment variable "IDX_AVALANCHE_RPC_URL" is not set: the rpc source "avalanche_rpc" reads its JSON-RPC URL from it.
      Set it to the node's URL, for example: export IDX_AVALANCHE_RPC_URL=https://…/ext/bc/C/rpc]
    `)
  })

  test('no source of a usable type', () => {
    expect(() => createModelSource({ sources: [], env })).toThrowErrorMatchingInlineSnapshot(`
      [ModelSourceError: The model has no rpc or stored_blocks source to read blocks from.
      It lists no source.]
    `)
  })

  test('an unknown source name', () => {
    expect(() =>
      createModelSource({ sources: [rpc, stored], env, name: 'archive' }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [ModelSourceError: The model has no source named "archive".
      Its sources: "avalanche_rpc" (rpc), "stored_blocks" (stored_blocks).]
    `)
  })

  test('a stored_blocks source without a path or a bucket', () => {
    expect(() => createModelSource({ sources: [{ ...stored, settings: {} }], env: {} })).toThrowError(
      ModelSourceError,
    )
  })
})
