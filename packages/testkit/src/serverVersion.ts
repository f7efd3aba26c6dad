import { redactSecrets } from '@idx/config'
import pg from 'pg'

/**
 * Connects to the PostgreSQL server at `url` and reads its `server_version` (e.g. `18.4`), or
 * says in a few words (password hidden) why it could not.
 *
 * @example
 * ```ts
 * await serverVersion('postgresql://postgres@127.0.0.1:5432/postgres') // { version: '15.20 (Debian …)' }
 * ```
 */
export async function serverVersion(
  url: string,
  { timeoutMs = 5_000 }: { timeoutMs?: number } = {},
): Promise<{ version: string } | { error: string }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs })
  client.on('error', () => {})
  try {
    await client.connect()
    const { rows } = await client.query<{ version: string }>(
      "select current_setting('server_version') as version",
    )
    return { version: rows[0]!.version }
  } catch (error) {
    return { error: describeError(error) }
  } finally {
    await client.end().catch(() => {})
  }
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const code = (error as { code?: unknown }).code
  // Connecting to a name with several addresses fails with an AggregateError and no message.
  const message = error.message || (error instanceof AggregateError ? String(error.errors[0]) : '')
  return redactSecrets(message || (typeof code === 'string' ? code : error.name)).replace(/\.$/, '')
}
