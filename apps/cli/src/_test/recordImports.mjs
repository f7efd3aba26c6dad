// A `--import` preload for tests: records every module URL the process
// resolves, one per line, in the file IDX_TEST_IMPORTS names.
import { register } from 'node:module'

register('./recordImportsHook.mjs', import.meta.url, { data: { file: process.env.IDX_TEST_IMPORTS } })
