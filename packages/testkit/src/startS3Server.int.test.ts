import { expect, test } from 'vitest'
import { startS3Server } from './startS3Server'

test('default: objects put are listed and read back; stop() ends the server', async () => {
  const s3 = await startS3Server({ buckets: ['blocks'] })
  const url = (key = '') => `${s3.endpoint}/blocks/${key}`
  try {
    // s3rver accepts unsigned requests for reads and writes to an existing bucket.
    expect((await fetch(url('a/1-2.json'), { method: 'PUT', body: 'hello' })).status).toBe(200)
    expect(await (await fetch(url('a/1-2.json'))).text()).toBe('hello')
    expect(await (await fetch(`${url()}?list-type=2&prefix=a%2F`)).text()).toContain('<Key>a/1-2.json</Key>')
    expect((await fetch(url('missing'))).status).toBe(404)
  } finally {
    await s3.stop()
  }
  await expect(fetch(url())).rejects.toThrow()
})

test('behavior: fail() answers the next matching requests as a throttled S3 does', async () => {
  const s3 = await startS3Server({ buckets: ['blocks'] })
  try {
    await fetch(`${s3.endpoint}/blocks/x.json`, { method: 'PUT', body: '{}' })
    s3.fail({ status: 503, count: 2, match: /x\.json/ })
    const first = await fetch(`${s3.endpoint}/blocks/x.json`)
    expect(first.status).toBe(503)
    expect(await first.text()).toContain('<Code>SlowDown</Code>')
    expect((await fetch(`${s3.endpoint}/blocks/x.json`)).status).toBe(503)
    expect((await fetch(`${s3.endpoint}/blocks/x.json`)).status).toBe(200)
    expect(s3.requests.map((request) => request.fault)).toEqual([undefined, 503, 503, undefined])
  } finally {
    await s3.stop()
  }
})
