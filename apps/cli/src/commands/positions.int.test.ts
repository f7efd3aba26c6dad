// `idx positions` through the CLI against anvil and PostgreSQL: a model processed
// from a chain with the testkit's CL scenario (positions minted, increased,
// decreased, burned, an NFT transferred) and swaps on its V3 pool. What it
// lists is compared with the position manager's own views, positions(tokenId)
// and ownerOf, and with its Transfer logs — never with idx's code.

import {
  type ClChainEvents,
  type PositionViewFact,
  readClChainEvents,
  type Scenario,
  startScenario,
} from '@idx/pipeline/testing'
import { uniswapV3FactoryAbi } from '@idx/testkit'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runCli } from '../_test/cli'
import { type CliScenarioSetup, setUpCliScenario } from '../_test/cliScenario'

const MODEL = 'poscli'
const ZERO = /^0x0{40}$/
type Address = `0x${string}`

let scenario: Scenario
let setup: CliScenarioSetup
let chain: ClChainEvents
let manager: Address
let v3Pool: string
const cleanups: (() => Promise<void> | void)[] = []

type Listed = {
  manager: string
  tokenId: string
  owner: string
  pool: string
  tickLower: number
  tickUpper: number
  liquidity: string
}

beforeAll(async () => {
  scenario = await startScenario({
    blocks: 6,
    swapsPerBlock: 4,
    seed: 14,
    concentratedLiquidity: true,
    clShare: 0.5,
  })
  const cl = scenario.market.cl!
  manager = cl.uniswapV3.positionManager
  v3Pool = cl.pool.address.toLowerCase()
  setup = await setUpCliScenario(scenario, cleanups, 'postgres', MODEL)
  const processed = await runCli(
    ['process', 'range', setup.from, setup.to, '--model', MODEL, '--json'],
    setup.env,
  )
  expect(processed.code, processed.stderr).toBe(0)
  chain = await readClChainEvents(scenario.client, {
    from: scenario.firstBlock,
    to: scenario.lastBlock,
    pools: [cl.pool.address],
    positionManagers: [manager],
  })
}, 180_000)

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
  await scenario?.stop()
})

const positions = async (...argv: string[]): Promise<Listed[]> => {
  const result = await runCli(['positions', '--model', MODEL, ...argv, '--json'], setup.env)
  expect(result.code, result.stderr).toBe(0)
  return JSON.parse(result.stdout).positions
}

/** A position as the manager's views say it is (owner, range, liquidity; its pool from the factory). */
async function fromViews(view: PositionViewFact): Promise<Listed> {
  const position = view.position!
  const pool = await scenario.client.readContract({
    address: scenario.market.cl!.uniswapV3.factory,
    abi: uniswapV3FactoryAbi,
    functionName: 'getPool',
    args: [position.token0, position.token1, position.fee],
  })
  return {
    manager: manager.toLowerCase(),
    tokenId: view.tokenId.toString(),
    owner: view.owner!.toLowerCase(),
    pool: pool.toLowerCase(),
    tickLower: position.tickLower,
    tickUpper: position.tickUpper,
    liquidity: position.liquidity.toString(),
  }
}

const byToken = (a: { tokenId: string }, b: { tokenId: string }) =>
  Number(BigInt(a.tokenId) - BigInt(b.tokenId))
const normalized = (listed: Listed[]) =>
  listed.map((position) => ({ ...position, manager: position.manager.toLowerCase() })).sort(byToken)

describe('idx positions', () => {
  test("default: the open positions are the manager's positions(tokenId) and ownerOf at the last block", async () => {
    const open = chain.positionManagers.positions.filter((view) => view.owner !== null)
    // The scenario burned a position's NFT: it is on the chain's record, not in the list.
    expect(chain.positionManagers.positions.length).toBeGreaterThan(open.length)
    expect(open.length).toBeGreaterThan(1)
    const expected = (await Promise.all(open.map(fromViews))).sort(byToken)
    expect(normalized(await positions())).toEqual(expected)
  })

  test('default: the table names every open position', async () => {
    const result = await runCli(['positions', '--model', MODEL], setup.env)
    expect(result.code, result.stderr).toBe(0)
    const open = chain.positionManagers.positions.filter((view) => view.owner !== null)
    for (const view of open) expect(result.stdout).toContain(view.owner!.toLowerCase())
    expect(result.stdout).toContain('tick lower')
  })

  test("behavior: --owner lists one owner's positions, in any case; an owner without any gets a sentence", async () => {
    const open = chain.positionManagers.positions.filter((view) => view.owner !== null)
    for (const owner of new Set(open.map((view) => view.owner!.toLowerCase()))) {
      const expected = (
        await Promise.all(open.filter((view) => view.owner!.toLowerCase() === owner).map(fromViews))
      ).sort(byToken)
      expect(normalized(await positions('--owner', owner.toUpperCase().replace('0X', '0x')))).toEqual(
        expected,
      )
    }
    const nobody = '0x000000000000000000000000000000000000dEaD'
    expect(await positions('--owner', nobody)).toEqual([])
    const text = await runCli(['positions', '--model', MODEL, '--owner', nobody], setup.env)
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toContain(`No concentrated-liquidity position in model "${MODEL}" matches.`)
  })

  test("behavior: --pool keeps the V3 pool's positions; a V2 or Solidly pool has none", async () => {
    const all = await positions()
    expect(await positions('--pool', v3Pool)).toEqual(all)
    expect(await positions('--pool', scenario.market.pairs.blubWavax.address)).toEqual([])
    expect(await positions('--pool', scenario.market.cl!.solidly.pair.address)).toEqual([])
  })

  test('behavior: --block lists the positions as they were then — before the NFT changed hands, its minter holds it', async () => {
    const handedOver = chain.positionManagers.transfers.find(
      (transfer) => !ZERO.test(transfer.from) && !ZERO.test(transfer.to),
    )
    expect(handedOver).toBeDefined()
    const before = await positions('--block', String(handedOver!.blockNumber - 1n))
    const after = await positions('--block', String(handedOver!.blockNumber))
    const find = (listed: Listed[]) =>
      listed.find((position) => position.tokenId === handedOver!.tokenId.toString())
    expect(find(before)?.owner.toLowerCase()).toBe(handedOver!.from.toLowerCase())
    expect(find(after)?.owner.toLowerCase()).toBe(handedOver!.to.toLowerCase())
  })

  test('error: an owner or pool that is not an address is a sentence naming it, and nothing is listed', async () => {
    const owner = await runCli(['positions', '--model', MODEL, '--owner', '0x1234'], setup.env)
    expect(owner.code).not.toBe(0)
    expect(owner.stdout).toBe('')
    expect(owner.stderr).toContain(
      '--owner "0x1234" is not an address: expected 0x followed by 40 hex digits.',
    )
    const pool = await runCli(['positions', '--model', MODEL, '--pool', 'blub'], setup.env)
    expect(pool.code).not.toBe(0)
    expect(pool.stderr).toContain('--pool "blub" is not an address: expected 0x followed by 40 hex digits.')
  })
})
