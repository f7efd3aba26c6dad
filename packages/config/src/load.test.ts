import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { issuesOf, modelData, ROUTER, sharedData, yamlText } from './_test/fixtures'
import { ConfigFileEncodingError, ConfigFileTooLargeError } from './fileErrors'
import { ConfigValidationError } from './issues'
import {
  ConfigFileReadError,
  detectConfigKind,
  firstInvalidUtf8,
  loadConfigFile,
  loadModelConfig,
  loadSharedConfig,
  parseConfigFile,
  parseModelConfig,
  parseSharedConfig,
} from './load'

const FIVE_PROBLEMS = `config_version: "1.0"
chain:
  id: 43114
  name: Avalanche C-Chain
  native_symbol: AVAX
tokens:
  - address: "0xB31f66AA3C1e785363F0875A1B74E27b85FD66c7"
    symbol: WAVAX
    name: Wrapped AVAX
    decimals: 18
    type: wrapped_native
  - address: "0xb31f66aa3c1e785363f0875a1b74e27b85fd66c7"
    symbol: WAVAX.e
    name: Bridged WAVAX
    decimals: eighteen
    type: erc20
contracts:
  - address: "0x39888258d60fed9228f89e13eb57a92f1fa832eb"
    name: BLUB/WAVAX LFJ v1
    type: uniswap_v2_pair
    pool:
      base_token: BLUB
      quote_token: WAVAX
      pricing:
        method: direct_avax
        start_block: abc
sources:
  - name: avalanche_rpc
    type: rpc
    url_env: IDX_AVALANCHE_RPC_URL
    batch_sise: 50
price_feeds:
  avax_usd:
    address: "0x0A77230d17318075983913bC2145DB16C7366156"
    heartbeat_seconds: 86400
`

describe('parseSharedConfig', () => {
  test('error: five different problems in one file are all reported, in file order', () => {
    let error: unknown
    try {
      parseSharedConfig(FIVE_PROBLEMS, 'shared_v1_0.yaml')
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ConfigValidationError)
    const validation = error as ConfigValidationError
    expect(validation.file).toBe('shared_v1_0.yaml')
    expect(validation.issues).toHaveLength(5)
    expect(validation.message).toMatchInlineSnapshot(`
      "The file "shared_v1_0.yaml" has 5 problems.
      shared_v1_0.yaml:12:14 tokens[1].address: duplicate token address "0xb31f66aa3c1e785363f0875a1b74e27b85fd66c7": already listed at tokens[0].address (addresses are compared without regard to case)
      shared_v1_0.yaml:15:15 tokens[1].decimals: expected an integer from 0 to 255, got "eighteen"
      shared_v1_0.yaml:22:19 contracts[0].pool.base_token: the token "BLUB" is not in this file's tokens list
      shared_v1_0.yaml:26:22 contracts[0].pool.pricing.start_block: expected a non-negative integer, got "abc"
      shared_v1_0.yaml:31:5 sources[0].batch_sise: unknown key "batch_sise"; did you mean "batch_size"?"
    `)
    expect(validation.shortMessage).toBe('The file "shared_v1_0.yaml" has 5 problems.')
    expect(validation.issues[3]).toEqual({
      path: 'contracts[0].pool.pricing.start_block',
      line: 26,
      column: 22,
      message: 'expected a non-negative integer, got "abc"',
    })
  })

  test('error: a missing key points at the nearest existing ancestor (its key)', () => {
    const text = FIVE_PROBLEMS.replace('    heartbeat_seconds: 86400\n', '')
      .replace('decimals: eighteen', 'decimals: 18')
      .replace('start_block: abc', 'start_block: 1')
      .replace('batch_sise', 'batch_size')
      .replace('base_token: BLUB', 'base_token: WAVAX.e')
      .replace('0xb31f66aa3c1e785363f0875a1b74e27b85fd66c7', '0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd')
    expect(issuesOf(() => parseSharedConfig(text, 'shared_v1_0.yaml'))).toEqual([
      {
        path: 'price_feeds.avax_usd.heartbeat_seconds',
        line: 33,
        column: 3,
        message: 'missing; expected a positive integer',
      },
    ])
  })

  test('error: a YAML syntax error is reported with the schema problems of the rest', () => {
    const text = `${yamlText(sharedData())}extra: [1, 2\n`
    expect(issuesOf(() => parseSharedConfig(text, 'shared_v1_0.yaml'))).toEqual([
      {
        path: 'extra',
        line: 52,
        column: 1,
        message:
          'unknown key "extra"; the keys allowed here are "config_version", "chain", "tokens", "contracts", "addresses", "sources", "price_feeds"',
      },
      {
        path: '',
        line: 53,
        column: 1,
        message:
          'invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
      },
    ])
  })

  test('error: a key written twice', () => {
    const text = yamlText(sharedData()).replace('chain:\n', 'chain:\n  id: 1\n')
    const issues = issuesOf(() => parseSharedConfig(text, 'shared_v1_0.yaml'))
    expect(issues).toEqual([
      { path: '', line: 4, column: 3, message: 'invalid YAML: Map keys must be unique' },
    ])
  })

  test('error: an alias with no anchor', () => {
    const text = yamlText(sharedData()).replace('native_symbol: AVAX', 'native_symbol: *avax')
    expect(issuesOf(() => parseSharedConfig(text, 'shared_v1_0.yaml'))).toEqual([
      {
        path: '',
        line: 5,
        column: 18,
        message: 'invalid YAML: the alias *avax names no anchor defined before it',
      },
    ])
  })

  test('behavior: anchors and aliases are read', () => {
    const text = yamlText({ ...sharedData(), addresses: [] })
      .replace('name: Avalanche C-Chain', 'name: &chain Avalanche C-Chain')
      .replace(
        'addresses: []\n',
        `addresses:\n  - address: "${ROUTER}"\n    label: *chain\n    kind: other\n`,
      )
    expect(parseSharedConfig(text, 'shared_v1_0.yaml').config.addresses).toEqual([
      { address: ROUTER, label: 'Avalanche C-Chain', kind: 'other' },
    ])
  })

  test('error: an unsupported config_version is one problem, naming it', () => {
    const text = yamlText({ ...sharedData(), config_version: '2.0', chain: 'broken' })
    expect(() => parseSharedConfig(text, 'shared_v2_0.yaml')).toThrowErrorMatchingInlineSnapshot(`
      [ConfigValidationError: The file "shared_v2_0.yaml" has 1 problem.
      shared_v2_0.yaml:1:17 config_version: unsupported configuration version "2.0"; this idx reads config_version "1.0"]
    `)
  })

  test('error: a missing config_version', () => {
    const { config_version: _, ...data } = sharedData()
    expect(issuesOf(() => parseSharedConfig(yamlText(data), 'shared_v1_0.yaml'))).toEqual([
      { path: 'config_version', line: 1, column: 1, message: 'missing; expected "1.0"' },
    ])
  })

  test('error: a model file given as the shared file', () => {
    const text = 'config_version: "1.0"\nmodel:\n  name: blub_test\n'
    expect(issuesOf(() => parseSharedConfig(text, 'blub_test_v1_0.yaml'))).toEqual([
      {
        path: 'model',
        line: 2,
        column: 1,
        message:
          'this looks like a model configuration file (it has a "model" key); expected a shared configuration file',
      },
    ])
  })

  test.each(['', '# only a comment\n', '\n  \n', '\uFEFF'])(
    'error: an empty file (%j) is one sentence',
    (text) => {
      expect(() => parseSharedConfig(text, 'shared_v1_0.yaml')).toThrowErrorMatchingInlineSnapshot(`
      [ConfigFileEmptyError: The configuration file "shared_v1_0.yaml" is empty: it holds no YAML content.
      A shared or a model file starts with config_version: "1.0" (see docs/configuration.md for both).]
    `)
    },
  )

  test.each([
    ['- chain\n', 'expected a mapping of configuration keys (config_version, chain, …), got a list'],
    ['just text\n', 'expected a mapping of configuration keys (config_version, chain, …), got "just text"'],
  ])('error: a file that is not a mapping (%j)', (text, message) => {
    expect(issuesOf(() => parseSharedConfig(text, 'shared_v1_0.yaml'))).toEqual([
      { path: '', line: 1, column: 1, message },
    ])
  })
})

describe('parseModelConfig', () => {
  test('error: a shared file given as the model file', () => {
    expect(issuesOf(() => parseModelConfig(yamlText(sharedData()), 'shared_v1_0.yaml'))).toEqual([
      expect.objectContaining({
        path: 'chain',
        message:
          'this looks like a shared configuration file (it has a "chain" key); expected a model configuration file',
      }),
    ])
  })

  test('error: line and column of an unknown key and of a bad list item', () => {
    const text = [
      'config_version: "1.0"',
      'model:',
      '  name: blub_test',
      '  version: "1.0"',
      '  start_block: 58219691',
      '  stat: active',
      'sources: [avalanche_rpc]',
      'contracts:',
      '  - "0x39888258d60fed9228f89e13eb57a92f1fa832eb"',
      '  - BLUB',
      '',
    ].join('\n')
    expect(issuesOf(() => parseModelConfig(text, 'blub_test_v1_0.yaml'))).toEqual([
      { path: 'model.stat', line: 6, column: 3, message: 'unknown key "stat"; did you mean "status"?' },
      {
        path: 'contracts[1]',
        line: 10,
        column: 5,
        message: 'expected an address (0x followed by 40 hexadecimal digits), got "BLUB"',
      },
    ])
  })

  test('error: an empty value points at its key', () => {
    const text =
      'config_version: "1.0"\nmodel:\n  name: blub_test\n  version:\n  start_block: 1\nsources: [a]\n'
    expect(issuesOf(() => parseModelConfig(text, 'm.yaml'))).toEqual([
      {
        path: 'model.version',
        line: 4,
        column: 3,
        message: 'expected a version in quotes, like "1.0", got an empty value',
      },
    ])
  })
})

describe('loadSharedConfig / loadModelConfig', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'idx-config-'))

  test('default: reads and parses a file, and keeps the name it was given', async () => {
    const file = path.join(dir, 'shared_v1_0.yaml')
    writeFileSync(file, yamlText(sharedData()))
    const loaded = await loadSharedConfig(file)
    expect(loaded.file).toBe(file)
    expect(loaded.config.chain.id).toBe(43114)
    expect(loaded.locate(['chain', 'id'])).toEqual({ line: 3, column: 7 })
  })

  test('error: a missing file names its path', async () => {
    const file = path.join(dir, 'nope_v1_0.yaml')
    await expect(loadModelConfig(file)).rejects.toBeInstanceOf(ConfigFileReadError)
    await expect(loadModelConfig(file)).rejects.toThrow(`The configuration file "${file}" does not exist.`)
  })

  test('error: a directory', async () => {
    await expect(loadSharedConfig(dir)).rejects.toThrow(`The configuration file "${dir}" is a directory.`)
  })

  test('error: a problem in a loaded file names the file as given', async () => {
    const file = path.join(dir, 'bad_v1_0.yaml')
    writeFileSync(file, 'config_version: "1.0"\nchain: {}\n')
    await expect(loadSharedConfig(file)).rejects.toThrow(`The file "${file}" has 4 problems.`)
  })
})

describe('loadConfigFile / detectConfigKind', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'idx-config-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  test('default: tells a shared file from a model file by content', async () => {
    const shared = path.join(dir, 'a.yaml')
    const model = path.join(dir, 'b.yaml')
    writeFileSync(shared, yamlText(sharedData()))
    writeFileSync(model, yamlText(modelData()))
    const a = await loadConfigFile(shared)
    const b = await loadConfigFile(model)
    expect(a.kind).toBe('shared')
    expect(b.kind).toBe('model')
    if (b.kind === 'model') expect(b.loaded.config.model.name).toBe('blub_test')
  })

  test('behavior: a file that is neither is checked as a shared file', () => {
    expect(detectConfigKind('')).toBe('shared')
    expect(detectConfigKind('- a\n- b\n')).toBe('shared')
    expect(detectConfigKind('config_version: "1.0"\nmodel: {}\nchain: {}\n')).toBe('shared')
    expect(detectConfigKind('config_version: "1.0"\nmodel: {}\n')).toBe('model')
    // A broken file is still told apart by the keys YAML could read.
    expect(detectConfigKind('model: [unclosed\n')).toBe('model')
  })

  test('error: problems are reported for the detected kind', async () => {
    const file = path.join(dir, 'c.yaml')
    writeFileSync(file, 'config_version: "1.0"\nmodel:\n  name: blub_test\n')
    await expect(loadConfigFile(file)).rejects.toThrow(`The file "${file}" has`)
    await expect(loadConfigFile(file)).rejects.toThrow('model.version')
  })
})

describe('limits of what is read', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'idx-config-limits-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const valid = yamlText(sharedData())

  test('error: a file larger than the limit is refused before it is read', async () => {
    const file = path.join(dir, 'big.yaml')
    writeFileSync(file, `${valid}# ${'x'.repeat(4_000)}\n`)
    const size = Buffer.byteLength(`${valid}# ${'x'.repeat(4_000)}\n`)
    await expect(loadSharedConfig(file, { maxBytes: 4_000 })).rejects.toThrow(
      `The configuration file "${file}" is ${size.toLocaleString('en-US')} bytes, more than the 4,000 bytes idx reads.`,
    )
    await expect(loadConfigFile(file, { maxBytes: 4_000 })).rejects.toBeInstanceOf(ConfigFileTooLargeError)
    // Under the limit it is read as usual.
    expect((await loadSharedConfig(file, { maxBytes: size })).config.chain.id).toBe(43114)
  })

  test('error: the default limit (8 MiB) refuses a 50 MB file at once', async () => {
    const file = path.join(dir, 'huge.yaml')
    const fd = openSync(file, 'w')
    ftruncateSync(fd, 50 * 1024 * 1024) // a sparse file: its size is what matters
    closeSync(fd)
    await expect(loadSharedConfig(file)).rejects.toThrowErrorMatchingInlineSnapshot(`
      [ConfigFileTooLargeError: The configuration file "${file}" is 52,428,800 bytes, more than the 8,388,608 bytes idx reads.
      A shared file with 5,000 tokens and 5,000 pools is about 2.5 MB. If the file really is this large, raise the limit with IDX_CONFIG_MAX_BYTES (a number of bytes).]
    `)
  })

  test('error: a text larger than the limit is refused before it is parsed', () => {
    expect(() => parseModelConfig('a: 1\n'.repeat(100), 'm.yaml', { maxBytes: 499 })).toThrow(
      'The configuration file "m.yaml" is 500 bytes, more than the 499 bytes idx reads.',
    )
    // Multi-byte characters count by their UTF-8 bytes.
    expect(() => parseConfigFile(`# ${'é'.repeat(100)}\n`, 'x.yaml', { maxBytes: 200 })).toThrow(
      'is 203 bytes, more than the 200 bytes',
    )
  })

  test.each([
    ['a byte that never starts a character', [0xff], 0xff],
    ['a continuation byte alone', [0x80], 0x80],
    ['a two-byte sequence cut short', [0xc3, 0x41], 0xc3],
    ['an overlong encoding of "/"', [0xc0, 0xaf], 0xc0],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80], 0xed],
    ['Latin-1 "é"', [0xe9], 0xe9],
  ])('error: not UTF-8 — %s — names the byte, its offset, line and column', async (_, bad, byte) => {
    const file = path.join(dir, `latin_${byte}.yaml`)
    const head = Buffer.from(valid.replace('name: Avalanche C-Chain', 'name: Avalanche C-Chaîne ['))
    const at = head.indexOf('[')
    const content = Buffer.concat([head.subarray(0, at), Buffer.from(bad), head.subarray(at + 1)])
    writeFileSync(file, content)
    const line = valid.split('\n').findIndex((l) => l.includes('name: Avalanche')) + 1
    const column = 'name: Avalanche C-Chaîne '.length + 3 // two spaces of indentation, then the byte
    const error = await loadSharedConfig(file).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigFileEncodingError)
    expect((error as ConfigFileEncodingError).offset).toBe(at)
    expect((error as Error).message).toBe(
      `The configuration file "${file}" is not valid UTF-8: the byte 0x${byte.toString(16)} at offset ${at} (line ${line}, column ${column}) is not part of a UTF-8 character.\nSave the file as UTF-8; idx does not guess other encodings.`,
    )
  })

  test('behavior: valid UTF-8 of every length (and a byte order mark) is read', async () => {
    const file = path.join(dir, 'utf8.yaml')
    writeFileSync(file, `\uFEFF${valid.replace('name: Avalanche C-Chain', 'name: "Aé€𝄞 C-Chain"')}`)
    expect((await loadSharedConfig(file)).config.chain.name).toBe('Aé€𝄞 C-Chain')
  })

  test('behavior: firstInvalidUtf8 agrees with the platform decoder', () => {
    // Every one- and two-byte input, and a sample of three-byte ones.
    const decoder = new TextDecoder('utf-8', { fatal: true })
    const valid = (bytes: Uint8Array) => {
      try {
        decoder.decode(bytes)
        return true
      } catch {
        return false
      }
    }
    for (let a = 0; a < 256; a++)
      for (let b = 0; b < 256; b += a < 0xc0 ? 51 : 1) {
        const bytes = Uint8Array.of(a, b)
        expect(firstInvalidUtf8(bytes) === bytes.length, `${a} ${b}`).toBe(valid(bytes))
      }
    for (const a of [0xe0, 0xe1, 0xed, 0xef, 0xf0, 0xf4, 0xf5])
      for (let b = 0x70; b < 0xd0; b += 3) {
        const bytes = Uint8Array.of(a, b, 0x80, 0x80)
        expect(firstInvalidUtf8(bytes) === bytes.length, `${a} ${b}`).toBe(valid(bytes))
      }
  })

  test('error: a "billion laughs" file is refused at the alias that passes the limit, before expanding', () => {
    const lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']
    for (let i = 1; i < names.length; i++)
      lines.push(
        `${names[i]}: &${names[i]} [${Array(9)
          .fill(`*${names[i - 1]}`)
          .join(', ')}]`,
      )
    const started = performance.now()
    const issues = issuesOf(() => parseSharedConfig(`${lines.join('\n')}\n`, 'lol.yaml'))
    expect(performance.now() - started).toBeLessThan(5_000) // nine levels expand to 387 million nodes
    // a is 10 nodes, b 1 + 9 × 10 = 91, c 820, d 7,381. The aliases of b add 90, those of c
    // 819 (909 so far), those of d 7,380 (8,289); the first *d of e adds 7,381: past 10,000.
    expect(issues).toEqual([
      {
        path: 'e[0]',
        line: 5,
        column: 8,
        message:
          'invalid YAML: the aliases of this file expand to more than 10,000 nodes (here *d adds 7,381); idx refuses files whose aliases nest to expand exponentially ("billion laughs")',
      },
    ])
  })

  test('error: an alias inside the node it refers to', () => {
    const issues = issuesOf(() => parseSharedConfig('chain: &c\n  id: 1\n  self: *c\n', 'loop.yaml'))
    expect(issues).toEqual([
      {
        path: 'chain.self',
        line: 3,
        column: 9,
        message: 'invalid YAML: the alias *c refers to a node that contains it, so it never ends',
      },
    ])
  })

  test('behavior: many small aliases under the limit are expanded', () => {
    const text = yamlText(sharedData()).replace('name: Avalanche C-Chain', 'name: &n Avalanche C-Chain')
    const labels = Array.from(
      { length: 300 },
      (_, i) => `  - { address: "0x${(i + 1).toString(16).padStart(40, '0')}", label: *n, kind: other }`,
    )
    const loaded = parseSharedConfig(
      text.replace(/addresses:[\s\S]*?(?=\nsources:)/, `addresses:\n${labels.join('\n')}`),
      'ok.yaml',
    )
    expect(loaded.config.addresses).toHaveLength(300)
    expect(loaded.config.addresses.every((a) => a.label === 'Avalanche C-Chain')).toBe(true)
  })
})
