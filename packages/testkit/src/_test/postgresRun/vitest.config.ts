// A package's test run in miniature, for testPostgresRun.test.ts: the shared vitest
// settings (and so the PostgreSQL globalSetup) with two probe files. Not part of testkit's
// own tests (their names do not end in .test.ts).
import { mergeConfig } from 'vitest/config'
import { sharedVitestConfig } from '../../../../../vitest.shared.ts'

export default mergeConfig(sharedVitestConfig, { test: { include: ['*.probe.ts'] } })
