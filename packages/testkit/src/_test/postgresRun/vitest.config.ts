// A package's integration run in miniature, for testPostgresGlobalSetup.int.test.ts: the shared
// vitest settings and the PostgreSQL globalSetup, with two probe files. Not part of testkit's
// own tests (their names do not end in .test.ts).
import { mergeConfig } from 'vitest/config'
import { baseVitestConfig, testPostgresGlobalSetup } from '../../../../../vitest.shared.ts'

export default mergeConfig(baseVitestConfig, {
  test: { include: ['*.probe.ts'], globalSetup: [testPostgresGlobalSetup] },
})
