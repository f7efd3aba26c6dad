import { expect, test } from 'vitest'
import {
  ConfigValidationError,
  createConfigValidationError,
  formatConfigIssue,
  formatConfigPath,
} from './issues'

test('formatConfigPath', () => {
  expect(formatConfigPath(['contracts', 3, 'pool', 'pricing', 'start_block'])).toBe(
    'contracts[3].pool.pricing.start_block',
  )
  expect(formatConfigPath([])).toBe('')
  expect(formatConfigPath(['contracts', 0, 'transformer', 'fee bps'])).toBe(
    'contracts[0].transformer["fee bps"]',
  )
})

test('formatConfigIssue', () => {
  expect(
    formatConfigIssue('shared_v1_0.yaml', {
      path: 'chain.id',
      line: 3,
      column: 7,
      message: 'expected a positive integer, got "x"',
    }),
  ).toBe('shared_v1_0.yaml:3:7 chain.id: expected a positive integer, got "x"')
  expect(formatConfigIssue('a.yaml', { path: '', line: 1, column: 1, message: 'invalid YAML: x' })).toBe(
    'a.yaml:1:1: invalid YAML: x',
  )
})

test('ConfigValidationError: one problem, sorted issues', () => {
  const one = new ConfigValidationError({
    file: 'm.yaml',
    issues: [{ path: 'model', line: 2, column: 1, message: 'missing; expected a mapping' }],
  })
  expect(one.shortMessage).toBe('The file "m.yaml" has 1 problem.')
  expect(one.name).toBe('ConfigValidationError')
  const two = new ConfigValidationError({
    file: 'm.yaml',
    issues: [
      { path: 'b', line: 9, column: 1, message: 'second' },
      { path: 'a', line: 2, column: 5, message: 'first' },
    ],
  })
  expect(two.issues.map((issue) => issue.message)).toEqual(['first', 'second'])
  expect(two.details).toEqual(['m.yaml:2:5 a: first', 'm.yaml:9:1 b: second'])
})

test("createConfigValidationError: problems found later get the loader's positions", () => {
  const loaded = {
    file: 'shared_v1_0.yaml',
    locate: (path: readonly (string | number)[]) => ({ line: path.length, column: 3 }),
  }
  const error = createConfigValidationError(loaded, [
    { path: ['contracts', 1, 'address'], message: 'this contract is not in the database' },
  ])
  expect(error).toBeInstanceOf(ConfigValidationError)
  expect(error.message).toMatchInlineSnapshot(`
    "The file "shared_v1_0.yaml" has 1 problem.
    shared_v1_0.yaml:3:3 contracts[1].address: this contract is not in the database"
  `)
})
