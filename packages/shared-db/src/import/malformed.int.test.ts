// Malformed files, end to end: each is parsed and imported (into a shared
// database that already holds the small shared and model files), and must be
// refused with exactly the YAML paths named here — and nothing written.

import { ConfigValidationError, parseModelConfig, parseSharedConfig } from '@idx/config'
import { describe, expect, test } from 'vitest'
import { KINDS, useSharedTestDb } from '../_test/db'
import {
  BLUB,
  FEED,
  modelData,
  POOLS,
  parseModel,
  parseShared,
  sharedData,
  WAVAX,
  yamlOf,
} from '../_test/fixtures'
import type { SharedDb } from '../client'
import { importModelConfig } from './model'
import { importSharedConfig } from './shared'

// biome-ignore lint/suspicious/noExplicitAny: test data is edited freely
type Data = Record<string, any>

type Case = {
  name: string
  file: 'shared' | 'model'
  edit: (data: Data, db: SharedDb) => void
  /** The exact paths of the problems, in file order. */
  paths: string[]
  /** A part of the first problem's message. */
  message: string
}

const cases: Case[] = [
  // The shared file.
  {
    name: 'shared: unknown config_version',
    file: 'shared',
    edit: (d) => {
      d.config_version = '2.0'
    },
    paths: ['config_version'],
    message: 'unsupported configuration version "2.0"; this idx reads config_version "1.0"',
  },
  {
    name: 'shared: a misspelt base_token never leaves a pool without its base token',
    file: 'shared',
    edit: (d) => {
      d.contracts[1].pool.base_tokn = d.contracts[1].pool.base_token
      delete d.contracts[1].pool.base_token
    },
    paths: ['contracts[1].pool.base_tokn'],
    message: 'unknown key "base_tokn"; did you mean "base_token"?',
  },
  {
    name: 'shared: duplicate token addresses differing only in case',
    file: 'shared',
    edit: (d) => {
      d.tokens.push({
        address: WAVAX.toUpperCase().replace('0X', '0x'),
        symbol: 'WAVAX2',
        name: 'W',
        decimals: 18,
        type: 'erc20',
      })
    },
    paths: ['tokens[3].address'],
    message: 'duplicate token address',
  },
  {
    name: 'shared: duplicate contract addresses differing only in case',
    file: 'shared',
    edit: (d) => {
      d.contracts.push({
        address: FEED.toUpperCase().replace('0X', '0x'),
        name: 'Feed again',
        type: 'chainlink_aggregator',
      })
    },
    paths: ['contracts[3].address'],
    message: 'duplicate contract address',
  },
  {
    name: 'shared: direct_avax on a pool not quoted in WAVAX',
    file: 'shared',
    edit: (d) => {
      d.contracts[2].pool.pricing = { method: 'direct_avax', start_block: 10 }
    },
    paths: ['contracts[2].pool.pricing.method'],
    message: 'the method "direct_avax" needs a quote token of type "wrapped_native"',
  },
  {
    name: 'shared: direct_usd on a pool quoted in WAVAX',
    file: 'shared',
    edit: (d) => {
      d.contracts[1].pool.pricing.method = 'direct_usd'
    },
    paths: ['contracts[1].pool.pricing.method'],
    message: 'the method "direct_usd" needs a quote token of type "stable"',
  },
  {
    name: 'shared: a default pricing range with end_block ≤ start_block',
    file: 'shared',
    edit: (d) => {
      d.contracts[1].pool.pricing.end_block = 100
    },
    paths: ['contracts[1].pool.pricing.end_block'],
    message: 'end_block 100 must be greater than start_block 100',
  },
  {
    name: 'shared: a pool token that is not in tokens',
    file: 'shared',
    edit: (d) => {
      d.contracts[1].pool.base_token = 'BLUBB'
    },
    paths: ['contracts[1].pool.base_token'],
    message: 'the token "BLUBB" is not in this file\'s tokens list; did you mean "BLUB"?',
  },
  {
    name: 'shared: a pool quoted in its own base token',
    file: 'shared',
    edit: (d) => {
      d.contracts[1].pool.quote_token = 'BLUB'
      delete d.contracts[1].pool.pricing
    },
    paths: ['contracts[1].pool.quote_token'],
    message: 'the quote token is the base token',
  },
  {
    name: 'shared: a model file given as the shared file',
    file: 'shared',
    edit: (d) => {
      for (const key of Object.keys(d)) delete d[key]
      Object.assign(d, modelData())
    },
    paths: ['model'],
    message: 'this looks like a model configuration file',
  },
  {
    name: 'shared (database): another chain than the one the database holds',
    file: 'shared',
    edit: (d) => {
      d.chain.id = 1
    },
    paths: ['chain.id'],
    message: 'holds chain 43114 (Avalanche C-Chain); one shared database serves one chain',
  },
  {
    name: 'shared (database): a priced pool that loses its pool section',
    file: 'shared',
    edit: (d) => {
      delete d.contracts[1].pool
    },
    paths: ['contracts[1]'],
    message:
      'the model "small" prices this contract with "direct_avax" from block 100; it must keep its pool section',
  },
  {
    name: 'shared (database): a priced pool whose quote token no longer fits the model',
    file: 'shared',
    edit: (d) => {
      d.contracts[1].pool.quote_token = 'USDC'
      delete d.contracts[1].pool.pricing
    },
    paths: ['contracts[1].pool.quote_token'],
    message: 'which needs a quote token of type "wrapped_native", but USDC is of type "stable"',
  },

  // A model file.
  {
    name: 'model: unknown config_version',
    file: 'model',
    edit: (d) => {
      d.config_version = 1.1
    },
    paths: ['config_version'],
    message: 'unsupported configuration version 1.1',
  },
  {
    name: 'model: a pricing range with end_block ≤ start_block',
    file: 'model',
    edit: (d) => {
      d.pool_pricing[0].end_block = 99
    },
    paths: ['pool_pricing[0].end_block'],
    message: 'end_block 99 must be greater than start_block 100',
  },
  {
    name: 'model: overlapping pricing ranges for the same pool',
    file: 'model',
    edit: (d) => {
      d.pool_pricing.push({ pool: POOLS.lfjV1, method: 'global', start_block: 150 })
    },
    paths: ['pool_pricing[1]'],
    message: 'the range [150, open) overlaps the range [100, open) of pool_pricing[0] for the same pool',
  },
  {
    name: 'model: duplicate contracts differing only in case',
    file: 'model',
    edit: (d) => {
      d.contracts.push(FEED.toUpperCase().replace('0X', '0x'))
    },
    paths: ['contracts[3]'],
    message: 'duplicate contract',
  },
  {
    name: 'model: a priced pool that is not in its contracts',
    file: 'model',
    edit: (d) => {
      d.contracts = [FEED, POOLS.lfjLb]
    },
    paths: ['pool_pricing[0].pool'],
    message: "is not in this model's contracts list",
  },
  {
    name: 'model (database): a source the shared database does not have',
    file: 'model',
    edit: (d) => {
      d.sources = ['stored_blocks']
    },
    paths: ['sources[0]'],
    message: 'the source "stored_blocks" is not in the shared database',
  },
  {
    name: 'model (database): a token the shared database does not have',
    file: 'model',
    edit: (d) => {
      d.tokens = ['BLUB', 'USDt', '0x9702230a8ea53601f5cd2dc00fdbc13d4df4a8c7']
    },
    paths: ['tokens[1]', 'tokens[2]'],
    message: 'the token "USDt" is not in the shared database',
  },
  {
    name: 'model (database): a contract the shared database does not have',
    file: 'model',
    edit: (d) => {
      d.contracts.push(POOLS.pharaohV1)
    },
    paths: ['contracts[3]'],
    message: `the contract "${POOLS.pharaohV1}" is not in the shared database`,
  },
  {
    name: 'model (database): the same token by symbol and by address',
    file: 'model',
    edit: (d) => {
      d.tokens = ['BLUB', BLUB]
    },
    paths: ['tokens[1]'],
    message: `"${BLUB}" is the token BLUB (${BLUB}), already listed at tokens[0]`,
  },
  {
    name: 'model (database): pricing a contract that is not a pool',
    file: 'model',
    edit: (d) => {
      d.pool_pricing.push({ pool: FEED, method: 'global', start_block: 1 })
    },
    paths: ['pool_pricing[1].pool'],
    message: `the contract "${FEED}" (Chainlink AVAX/USD) is not a pool in the shared database`,
  },
  {
    name: 'model (database): direct_avax on a pool not quoted in WAVAX',
    file: 'model',
    edit: (d) => {
      d.pool_pricing.push({ pool: POOLS.lfjLb, method: 'direct_avax', start_block: 1 })
    },
    paths: ['pool_pricing[1].method'],
    message:
      'the method "direct_avax" needs a quote token of type "wrapped_native", but the pool\'s quote token USDC is of type "stable"',
  },
  {
    name: 'model (database): direct_usd on a pool quoted in WAVAX',
    file: 'model',
    edit: (d) => {
      d.pool_pricing[0].method = 'direct_usd'
    },
    paths: ['pool_pricing[0].method'],
    message: 'the method "direct_usd" needs a quote token of type "stable"',
  },
  {
    name: 'model (database): a pricing pool left to a default that is global',
    file: 'model',
    edit: (d) => {
      d.pool_pricing.push({
        pool: POOLS.lfjLb,
        method: 'use_global_default',
        start_block: 1,
        pricing_pool: true,
      })
    },
    paths: ['pool_pricing[1].pricing_pool'],
    message: 'a pricing pool cannot be priced with "global"',
  },
  {
    name: 'model (database): the shared database as its own database',
    file: 'model',
    edit: (d, db) => {
      d.model.database = db.target.database
    },
    paths: ['model.database'],
    message: 'is the shared database; a model needs a database of its own',
  },
]

describe.each(KINDS)('malformed files (%s)', (kind) => {
  const t = useSharedTestDb(kind)

  test.each(cases)('error: $name', async ({ file, edit, paths, message }) => {
    await importSharedConfig(t.db, parseShared(sharedData()))
    await importModelConfig(t.db, parseModel(modelData()))
    const before = await t.dump()

    const data: Data = file === 'shared' ? sharedData() : modelData()
    edit(data, t.db)
    const name = file === 'shared' ? 'shared_v1_0.yaml' : 'small_v1_0.yaml'
    const error = await (async () => {
      if (file === 'shared') return importSharedConfig(t.db, parseSharedConfig(yamlOf(data), name))
      return importModelConfig(t.db, parseModelConfig(yamlOf(data), name))
    })().catch((e: unknown) => e)

    expect(error).toBeInstanceOf(ConfigValidationError)
    const issues = (error as ConfigValidationError).issues
    expect(issues.map((issue) => issue.path)).toEqual(paths)
    expect(issues[0]?.message).toContain(message)
    // Every problem has a place in the file, and the message names the file.
    for (const issue of issues) expect(issue.line).toBeGreaterThan(0)
    expect((error as ConfigValidationError).details[0]).toMatch(new RegExp(`^${name}:\\d+:\\d+ `))
    expect(await t.dump()).toBe(before)
  })
})
