import { createRequire } from 'node:module'
import { expect, test } from 'vitest'
import { compileContracts } from '../scripts/compileContracts'
import { ownedTokenAbi, ownedTokenBytecode } from './artifacts/ownedToken'
import { testAggregatorAbi, testAggregatorBytecode } from './artifacts/testAggregator'
import { testRouterAbi, testRouterBytecode } from './artifacts/testRouter'
import { testSplitRouterAbi, testSplitRouterBytecode } from './artifacts/testSplitRouter'
import { testTokenAbi, testTokenBytecode } from './artifacts/testToken'
import { uniswapV2FactoryAbi, uniswapV2PairAbi } from './artifacts/uniswapV2'
import { wrappedNativeAbi, wrappedNativeBytecode } from './artifacts/wrappedNative'

test('behavior: the committed artifacts are what contracts/*.sol compile to', () => {
  const { contracts } = compileContracts()
  expect(Object.fromEntries(contracts.map((contract) => [contract.name, contract]))).toEqual({
    OwnedToken: { name: 'OwnedToken', abi: ownedTokenAbi, bytecode: ownedTokenBytecode },
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
