import { fileURLToPath } from 'node:url'

/**
 * The absolute path of the test preload that holds an idx process still at a chosen point
 * (`node --import <path>`, driven by `IDX_TEST_PAUSE` / `IDX_TEST_TRACE`; see `preload/pause.ts`),
 * so that a crash test can SIGKILL it exactly there.
 */
export const pausePreloadPath: string = fileURLToPath(new URL('./preload/pause.ts', import.meta.url))
