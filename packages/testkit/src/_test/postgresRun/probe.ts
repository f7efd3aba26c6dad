// What a test of a probe file saw: the server it was handed and what that server says.
import { statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { readSettings } from '@idx/config'
import pg from 'pg'

export type ProbeRecord = {
  url: string
  version: string
  dataDirectory: string
  /** Who owns the data folder: the account the server runs as (PostgreSQL insists). */
  dataOwnerUid: number
  /** The account this test ran as. */
  testUid: number
}

/** Connects to `IDX_TEST_DATABASE_URL`, records it into `$PROBE_OUT/<name>.json`, then does as `$PROBE_MODE` says. */
export async function probe(name: string): Promise<void> {
  const env = readSettings().env
  const url = env.IDX_TEST_DATABASE_URL
  if (url === undefined) throw new Error('IDX_TEST_DATABASE_URL is not set in the test process.')
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ version: string; data_directory: string }>(
      "select current_setting('server_version') as version, current_setting('data_directory') as data_directory",
    )
    const { version, data_directory: dataDirectory } = rows[0]!
    const record: ProbeRecord = {
      url,
      version,
      dataDirectory,
      dataOwnerUid: statSync(dataDirectory).uid,
      testUid: process.getuid!(),
    }
    writeFileSync(path.join(env.PROBE_OUT!, `${name}.json`), JSON.stringify(record))
  } finally {
    await client.end()
  }
  if (env.PROBE_MODE === 'fail') throw new Error('This probe fails on purpose.')
  if (env.PROBE_MODE === 'hang') await new Promise(() => {})
}
