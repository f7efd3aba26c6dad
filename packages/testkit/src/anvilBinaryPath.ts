import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { AnvilNotFoundError } from './errors'

const platformPackages: Record<string, string | undefined> = {
  'linux-x64': '@foundry-rs/anvil-linux-amd64',
  'linux-arm64': '@foundry-rs/anvil-linux-arm64',
  'darwin-x64': '@foundry-rs/anvil-darwin-amd64',
  'darwin-arm64': '@foundry-rs/anvil-darwin-arm64',
  'win32-x64': '@foundry-rs/anvil-win32-amd64',
}

/**
 * The path of the anvil executable shipped by the npm package `@foundry-rs/anvil`.
 *
 * The binary lives in a platform package (`@foundry-rs/anvil-linux-amd64`, …) that
 * `@foundry-rs/anvil` lists as an optional dependency; with pnpm it is reachable only
 * from `@foundry-rs/anvil`'s own folder, so it is resolved from there. The package's
 * `postinstall` (which downloads a binary when the platform package is missing) is not
 * needed and not run.
 *
 * @example
 * ```ts
 * anvilBinaryPath() // '/…/node_modules/.pnpm/@foundry-rs+anvil-linux-amd64@1.7.1/…/bin/anvil'
 * ```
 */
export function anvilBinaryPath(): string {
  const platformPackage = platformPackages[`${process.platform}-${process.arch}`]
  if (!platformPackage) throw new AnvilNotFoundError(`@foundry-rs/anvil-${process.platform}-${process.arch}`)
  const binary = process.platform === 'win32' ? 'anvil.exe' : 'anvil'
  try {
    const require = createRequire(import.meta.url)
    const anvilPackage = dirname(require.resolve('@foundry-rs/anvil/package.json'))
    const path = createRequire(`${anvilPackage}/`).resolve(`${platformPackage}/bin/${binary}`)
    if (existsSync(path)) return path
  } catch (cause) {
    throw new AnvilNotFoundError(platformPackage, { cause })
  }
  throw new AnvilNotFoundError(platformPackage)
}
