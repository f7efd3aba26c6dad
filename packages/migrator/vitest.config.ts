import { mergeConfig } from 'vitest/config'
import { sharedVitestConfig } from '../../vitest.shared'

export default mergeConfig(sharedVitestConfig, {})
