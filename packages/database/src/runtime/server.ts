import type { PostgresTarget } from '@idx/config'
import pg from 'pg'
import { toConnectionError } from '../errors'

/** Connection settings for node-postgres, built from discrete fields (never from a URL string). */
export function pgConfig(target: PostgresTarget, database = target.database): pg.ClientConfig {
  const params = new URLSearchParams(target.params)
  const sslmode = params.get('sslmode')
  return {
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database,
    connectionTimeoutMillis: 10_000,
    application_name: params.get('application_name') ?? 'idx',
    ...(sslmode && sslmode !== 'disable' ? { ssl: { rejectUnauthorized: sslmode === 'verify-full' } } : {}),
  }
}

/**
 * Runs `fn` with a client connected to the server's maintenance database
 * (`postgres`), for statements that act on whole databases.
 */
export async function withMaintenanceClient<T>(
  target: PostgresTarget,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client(pgConfig(target, 'postgres'))
  try {
    await client.connect()
  } catch (error) {
    throw toConnectionError(error, target)
  }
  try {
    return await fn(client)
  } finally {
    await client.end().catch(() => {})
  }
}

/** Quotes an identifier for SQL (names are validated by @idx/config; this is defence in depth). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/** Quotes a string literal for SQL (for the few statements that take no parameters). */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`
}
