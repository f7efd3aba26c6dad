import { expect, test } from 'vitest'
import { createUrlRedactor } from './createUrlRedactor'

test('default: a public URL is shown as is', () => {
  const { url, redact } = createUrlRedactor('https://api.avax.network/ext/bc/C/rpc')
  expect(url).toBe('https://api.avax.network/ext/bc/C/rpc')
  expect(redact('at https://api.avax.network/ext/bc/C/rpc')).toBe('at https://api.avax.network/ext/bc/C/rpc')
})

test('behavior: keys in the path, the query and the user info are redacted', () => {
  expect(createUrlRedactor('https://avax-mainnet.g.alchemy.com/v2/Zx9uT2w7QpL4mN8kR3sV').url).toBe(
    'https://avax-mainnet.g.alchemy.com/v2/***',
  )
  expect(
    createUrlRedactor('https://wandering-dawn.avalanche-mainnet.quiknode.pro/4f1c0e9a7b2d/ext/bc/C/rpc').url,
  ).toBe('https://wandering-dawn.avalanche-mainnet.quiknode.pro/***/ext/bc/C/rpc')
  expect(createUrlRedactor('https://rpc.example.com/avax?apikey=s3cr3t-k3y&v=1').url).toBe(
    'https://rpc.example.com/avax?apikey=***&v=***',
  )
  expect(createUrlRedactor('http://indexer:hunter2-password@127.0.0.1:9650/ext/bc/C/rpc').url).toBe(
    'http://***@127.0.0.1:9650/ext/bc/C/rpc',
  )
})

test('behavior: secrets are scrubbed from any text, raw or encoded', () => {
  const raw = 'https://user:p%40ss-word-1@rpc.example.com/v2/Zx9uT2w7QpL4mN8kR3sV?key=abc%2Fdef123'
  const { redact } = createUrlRedactor(raw)
  const text = [
    `fetch ${raw} failed`,
    'node said: bad key Zx9uT2w7QpL4mN8kR3sV',
    'password p@ss-word-1 or p%40ss-word-1',
    'query abc/def123',
  ].join('\n')
  expect(redact(text)).toMatchInlineSnapshot(`
    "fetch https://***@rpc.example.com/v2/***?key=*** failed
    node said: bad key ***
    password *** or ***
    query ***"
  `)
})

test('behavior: not a URL', () => {
  const { url, redact } = createUrlRedactor('not a url with secret')
  expect(url).toBe('<an invalid URL of 21 characters>')
  expect(redact('bad: not a url with secret')).toBe('bad: <an invalid URL of 21 characters>')
})
