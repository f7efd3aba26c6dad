import { createRequire } from 'node:module'
import { expect, test } from 'vitest'
import { compileContracts, uniswapV3Artifacts } from '../scripts/compileContracts'
import { ownedTokenAbi, ownedTokenBytecode } from './artifacts/ownedToken'
import { solidlyPairAbi, solidlyPairBytecode } from './artifacts/solidlyPair'
import { testAggregatorAbi, testAggregatorBytecode } from './artifacts/testAggregator'
import { testRouterAbi, testRouterBytecode } from './artifacts/testRouter'
import { testSplitRouterAbi, testSplitRouterBytecode } from './artifacts/testSplitRouter'
import { testTokenAbi, testTokenBytecode } from './artifacts/testToken'
import { uniswapV2FactoryAbi, uniswapV2PairAbi } from './artifacts/uniswapV2'
import {
  nonfungiblePositionManagerAbi,
  swapRouterAbi,
  uniswapV3FactoryAbi,
  uniswapV3PoolAbi,
} from './artifacts/uniswapV3'
import { wrappedNativeAbi, wrappedNativeBytecode } from './artifacts/wrappedNative'

test('behavior: the committed artifacts are what contracts/*.sol compile to', () => {
  const { contracts } = compileContracts()
  expect(Object.fromEntries(contracts.map((contract) => [contract.name, contract]))).toEqual({
    OwnedToken: { name: 'OwnedToken', abi: ownedTokenAbi, bytecode: ownedTokenBytecode },
    SolidlyPair: { name: 'SolidlyPair', abi: solidlyPairAbi, bytecode: solidlyPairBytecode },
    TestAggregator: { name: 'TestAggregator', abi: testAggregatorAbi, bytecode: testAggregatorBytecode },
    TestRouter: { name: 'TestRouter', abi: testRouterAbi, bytecode: testRouterBytecode },
    TestSplitRouter: { name: 'TestSplitRouter', abi: testSplitRouterAbi, bytecode: testSplitRouterBytecode },
    TestToken: { name: 'TestToken', abi: testTokenAbi, bytecode: testTokenBytecode },
    WrappedNative: { name: 'WrappedNative', abi: wrappedNativeAbi, bytecode: wrappedNativeBytecode },
  })
}, 60_000)

test('behavior: the typed Uniswap V2 ABIs are the package’s', () => {
  const require = createRequire(import.meta.url)
  expect(uniswapV2FactoryAbi).toEqual(require('@uniswap/v2-core/build/UniswapV2Factory.json').abi)
  expect(uniswapV2PairAbi).toEqual(require('@uniswap/v2-core/build/UniswapV2Pair.json').abi)
})

test('behavior: the typed Uniswap V3 ABIs are the packages’', () => {
  const require = createRequire(import.meta.url)
  const abi = (name: keyof typeof uniswapV3Artifacts) =>
    require(`@uniswap/${uniswapV3Artifacts[name]}.json`).abi
  expect(uniswapV3FactoryAbi).toEqual(abi('UniswapV3Factory'))
  expect(uniswapV3PoolAbi).toEqual(abi('UniswapV3Pool'))
  expect(nonfungiblePositionManagerAbi).toEqual(abi('NonfungiblePositionManager'))
  expect(swapRouterAbi).toEqual(abi('SwapRouter'))
})
