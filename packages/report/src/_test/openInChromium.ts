// Test-only: a real headless Chromium — the one the npm package @sparticuz/chromium ships inside
// the registry package (unpacked to /tmp on first use, nothing installed by hand), driven by
// playwright-core.

import chromium from '@sparticuz/chromium'
import { type Browser, chromium as playwright } from 'playwright-core'

/** Launches headless Chromium. */
export async function launchChromium(): Promise<Browser> {
  return playwright.launch({
    executablePath: await chromium.executablePath(),
    args: chromium.args,
    headless: true,
  })
}
