import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createSharedDb } from '@idx/shared-db'
import { testDatabase, testServerUrl } from '@idx/testkit'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runCli } from '../_test/cli'

const SERVER = testServerUrl()
const repo = fileURLToPath(new URL('../../../../', import.meta.url))
const SHARED = 'prisma/shared_v1_0.yaml'
const MODEL = 'prisma/blub_test_v1_0.yaml'
const dir = mkdtempSync(path.join(tmpdir(), 'idx-cli-config-'))

/** Writes a file into the temporary folder and returns its path. */
function write(name: string, text: string): string {
  const file = path.join(dir, name)
  writeFileSync(file, text)
  return file
}
const sample = (file: string) => readFileSync(path.join(repo, file), 'utf8')

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('idx config validate', () => {
  const env = {}

  test('default: a shared and a model file, the model checked against the shared one', async () => {
    const result = await runCli(['config', 'validate', SHARED, MODEL], env, repo)
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        `✓ ${SHARED} (shared file): valid`,
        `✓ ${MODEL} (model file): valid — references checked against ${SHARED}`,
        'All 2 files are valid.',
        '',
      ].join('\n'),
    })
  })

  test('behavior: a model file alone is checked on its own, and says so', async () => {
    const result = await runCli(['config', 'validate', MODEL], env, repo)
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(
      `✓ ${MODEL} (model file): valid — its references were not checked: give its shared file too\n`,
    )
  })

  test('error: every problem of every file is listed, with file:line:column and path; exit 1', async () => {
    const shared = write(
      'bad_shared.yaml',
      sample(SHARED)
        .replace('config_version: "1.0"\n\nchain:\n  id: 43114', 'config_version: "1.0"\n\nchain:\n  id: -1')
        .replace(
          '      base_token: BLUB\n      quote_token: WAVAX\n      pricing:\n        method: direct_avax\n        start_block: 58220057',
          '      base_tokn: BLUB\n      quote_token: WAVAX\n      pricing:\n        method: direct_avax\n        start_block: 58220057',
        ),
    )
    const model = write(
      'bad_model.yaml',
      sample(MODEL).replace('  - avalanche_rpc\n', '  - avalanche_rpcc\n'),
    )
    const missing = path.join(dir, 'nope.yaml')
    const result = await runCli(['config', 'validate', SHARED, shared, model, missing], env, repo)
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('')
    expect(result.stdout.split('\n')).toEqual([
      `✓ ${SHARED} (shared file): valid`,
      `✗ ${shared}: 2 problems`,
      `  ${shared}:9:7 chain.id: expected a positive integer, got -1`,
      `  ${shared}:66:7 contracts[5].pool.base_tokn: unknown key "base_tokn"; did you mean "base_token"?`,
      `✗ ${model} (model file): 1 problem`,
      `  ${model}:17:5 sources[0]: the source "avalanche_rpcc" is not in the shared file's sources`,
      `✗ ${missing}: The configuration file "${missing}" does not exist.`,
      '3 of 4 files have problems.',
      '',
    ])
  })

  test('behavior: an LB pair’s token X and Y by symbol are checked like pool tokens (file:line:column and path)', async () => {
    const lb = (settings: string) =>
      write(
        'lb_shared.yaml',
        // The sample names the pair's tokens by symbol already: written here in other words.
        sample(SHARED).replace(
          '    transformer: { token_x: BLUB, token_y: WAVAX }\n',
          `    transformer: ${settings}\n`,
        ),
      )
    const good = lb('{ token_x: "BLUB", token_y: "WAVAX" }')
    expect(sample(SHARED)).not.toBe(readFileSync(good, 'utf8'))
    expect((await runCli(['config', 'validate', good], env, repo)).stdout).toBe(
      `✓ ${good} (shared file): valid\n`,
    )
    const bad = lb('{ token_x: BLUBB, token_y: WAVAX }')
    const result = await runCli(['config', 'validate', bad], env, repo)
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(
      /contracts\[\d+\]\.transformer\.token_x: the token "BLUBB" is not in this file's tokens list; did you mean "BLUB"\?/,
    )
    expect(result.stdout).toMatch(
      new RegExp(`^  ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+ contracts`, 'm'),
    )
  })

  test('--json: one result per file, with its issues', async () => {
    const bad = write(
      'bad_version.yaml',
      sample(MODEL).replace('config_version: "1.0"', 'config_version: "9.9"'),
    )
    const result = await runCli(['config', 'validate', MODEL, bad, '--json'], env, repo)
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout)).toEqual({
      valid: false,
      files: [
        { file: MODEL, kind: 'model', valid: true, issues: [] },
        {
          file: bad,
          kind: undefined,
          valid: false,
          issues: [
            {
              path: 'config_version',
              line: 6,
              column: 17,
              message: 'unsupported configuration version "9.9"; this idx reads config_version "1.0"',
            },
          ],
        },
      ].map((file) => JSON.parse(JSON.stringify(file))),
    })
  })

  test('error: no file is a usage error (exit 2)', async () => {
    const result = await runCli(['config', 'validate'], env, repo)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("missing required argument 'files'")
  })
})

describe('idx config import-shared / import-model (postgres)', () => {
  const shared = testDatabase('postgres')
  const env = { IDX_DATABASE_URL: SERVER, IDX_SHARED_DB: shared.target.database }
  const counts = async () => {
    const db = await createSharedDb({ target: shared.target })
    try {
      const [row] = await db.query<Record<string, string>>(
        `select (select count(*) from token)::text as tokens, (select count(*) from contract)::text as contracts,
                (select count(*) from model)::text as models, (select count(*) from pool_pricing_config)::text as configs`,
      )
      return row
    } finally {
      await db.close()
    }
  }

  afterAll(() => shared.drop())

  test('error: the shared database must exist (exit 1)', async () => {
    const result = await runCli(['config', 'import-shared', SHARED], env, repo)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`The shared database "${shared.target.database}"`)
    expect(result.stderr).toContain('idx migrate --shared')
  })

  test('error: a model before the shared file (exit 1)', async () => {
    expect((await runCli(['migrate', '--shared'], env, repo)).code).toBe(0)
    const result = await runCli(['config', 'import-model', MODEL], env, repo)
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      `Error: The model file "${path.join(repo, MODEL)}" cannot be imported: the shared database "${shared.target.database}" holds no chain yet.\n  Import the shared file first: idx config import-shared FILE.\n`,
    )
  })

  test('--dry-run: prints the plan and writes nothing', async () => {
    const result = await runCli(['config', 'import-shared', SHARED, '--dry-run'], env, repo)
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(
      [
        `Dry run: importing ${SHARED} into the shared database "${shared.target.database}" would make these changes (nothing was written):`,
        '  kind              created  updated  unchanged  not in file',
        '  chain                   1        0          0            0',
        '  token                   4        0          0            0',
        '  contract               13        0          0            0',
        '  labelled_address        8        0          0            0',
        '  source                  2        0          0            0',
        '  price_feed              1        0          0            0',
        '',
      ].join('\n'),
    )
    expect(await counts()).toEqual({ tokens: '0', contracts: '0', models: '0', configs: '0' })
  })

  test('default: imports the shared file, then says a re-import changes nothing', async () => {
    const first = await runCli(['config', 'import-shared', SHARED], env, repo)
    expect(first.code).toBe(0)
    expect(first.stdout.split('\n')[0]).toBe(
      `Imported ${SHARED} into the shared database "${shared.target.database}":`,
    )
    expect(await counts()).toMatchObject({ tokens: '4', contracts: '13' })

    const again = await runCli(['config', 'import-shared', SHARED], env, repo)
    expect(again.code).toBe(0)
    expect(again.stdout.split('\n').slice(0, 3)).toEqual([
      `Nothing changed: the shared database "${shared.target.database}" already matches ${SHARED}.`,
      '  kind              created  updated  unchanged  not in file',
      '  chain                   0        0          1            0',
    ])
  })

  test('--json: the plan, for scripts', async () => {
    const result = await runCli(['config', 'import-shared', SHARED, '--json', '--dry-run'], env, repo)
    expect(result.code).toBe(0)
    const plan = JSON.parse(result.stdout)
    expect(plan).toMatchObject({
      scope: 'shared',
      file: path.join(repo, SHARED),
      database: shared.target.database,
      dryRun: true,
      applied: false,
      changes: false,
    })
    expect(plan.summary[1]).toEqual({
      kind: 'token',
      created: 0,
      updated: 0,
      unchanged: 4,
      removed: 0,
      notInFile: 0,
    })
    expect(plan.entries).toHaveLength(29)
  })

  test('--verbose: an edited file lists each row and each changed field', async () => {
    const edited = write(
      'shared_edited.yaml',
      sample(SHARED)
        .replace('name: TetherToken', 'name: Tether USD')
        .replace(
          '  - address: "0x6131b5fae19ea4f9d964eac0408e4408b66337b5"\n    label: KyberSwap aggregator\n    kind: aggregator\n    project: kyber\n',
          '',
        )
        .replace('path: ./blocks', `path: ${path.join(repo, 'prisma/blocks')}`),
    )
    const result = await runCli(['config', 'import-shared', edited, '--verbose'], env, repo)
    expect(result.code).toBe(0)
    const lines = result.stdout.split('\n')
    expect(lines).toContain('  ~ token 0x9702230a8ea53601f5cd2dc00fdbc13d4df4a8c7 (USDt)')
    expect(lines).toContain('      name: "TetherToken" → "Tether USD"')
    expect(lines).toContain(
      '  ? labelled_address 0x6131b5fae19ea4f9d964eac0408e4408b66337b5 (KyberSwap aggregator) not in the file; kept',
    )
    expect(lines).toContain('  = token 0xb31f66aa3c1e785363f0875a1b74e27b85fd66c7 (WAVAX) unchanged')
    expect(lines.filter((line) => /^ {2}[+~=?-] /.test(line))).toHaveLength(29)
  })

  test('default: imports the model file and says how to create its database', async () => {
    const result = await runCli(['config', 'import-model', MODEL], env, repo)
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(
      [
        `Imported model "blub_test" from ${MODEL} into the shared database "${shared.target.database}":`,
        '  kind                 created  updated  unchanged  removed',
        '  model                      1        0          0        0',
        '  model_source               2        0          0        0',
        '  model_token                3        0          0        0',
        '  model_contract            12        0          0        0',
        '  pool_pricing_config        5        0          0        0',
        `Next: create and migrate the model's database "idx_model_blub_test": idx migrate --model blub_test`,
        '',
      ].join('\n'),
    )
    expect(await counts()).toMatchObject({ models: '1', configs: '5' })
  })

  test('--json: the model plan and the next step', async () => {
    const edited = write(
      'blub_edited.yaml',
      sample(MODEL).replace(
        '  - pool: "0x819fe65a885d40493f4b91e8a10e242018758432" # launch pool\n    method: global # valued at BLUB\'s canonical price\n    start_block: 58299144\n',
        '',
      ),
    )
    const result = await runCli(['config', 'import-model', edited, '--json'], env, repo)
    expect(result.code).toBe(0)
    const plan = JSON.parse(result.stdout)
    expect(plan).toMatchObject({ scope: 'model', model: 'blub_test', applied: true, changes: true })
    expect(plan.next).toEqual(['idx migrate --model blub_test'])
    expect(plan.entries.filter((e: { action: string }) => e.action !== 'unchanged')).toEqual([
      {
        kind: 'pool_pricing_config',
        key: '0x819fe65a885d40493f4b91e8a10e242018758432@58299144',
        label: 'BLUB/WAVAX launch pool',
        action: 'removed',
        changes: [],
      },
    ])
    expect(await counts()).toMatchObject({ configs: '4' })
  })

  test('error: a model referencing what the shared database lacks lists each YAML path (exit 1)', async () => {
    const bad = write(
      'blub_bad.yaml',
      sample(MODEL)
        .replace('  - USDC\n', '  - USDC\n  - DAI\n')
        .replace('  - avalanche_rpc\n', '  - archive_rpc\n'),
    )
    const before = await counts()
    const result = await runCli(['config', 'import-model', bad], env, repo)
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    const db = shared.target.database
    expect(result.stderr).toBe(
      [
        `Error: The file "${bad}" has 2 problems.`,
        `  ${bad}:17:5 sources[0]: the source "archive_rpc" is not in the shared database "${db}"; add it to the shared file and import that first`,
        `  ${bad}:25:5 tokens[3]: the token "DAI" is not in the shared database "${db}"; add it to the shared file and import that first`,
        '',
      ].join('\n'),
    )
    expect(await counts()).toEqual(before)
  })

  test('error: malformed files are refused with one sentence each, exit 1, nothing written', async () => {
    const text = sample(SHARED)
    const latin1 = Buffer.from(
      text.replace('name: Avalanche C-Chain', 'name: Avalanche C-Cha\u00eene'),
      'latin1',
    )
    const offset = latin1.indexOf(0xee)
    const lines = text.slice(0, text.indexOf('name: Avalanche C-Chain')).split('\n')
    const line = lines.length
    const column = lines.at(-1)!.length + 'name: Avalanche C-Cha'.length + 1 // the byte after it
    const bomb = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for (const name of ['b', 'c', 'd', 'e', 'f', 'g', 'h'])
      bomb.push(
        `${name}: &${name} [${Array(9)
          .fill(`*${String.fromCharCode(name.charCodeAt(0) - 1)}`)
          .join(', ')}]`,
      )
    const files = {
      empty: write('empty.yaml', ''),
      comments: write('comments.yaml', '# nothing here\n\n'),
      latin1: path.join(dir, 'latin1.yaml'),
      bomb: write('bomb.yaml', `${bomb.join('\n')}\n`),
      large: write('large.yaml', `${text}# ${'x'.repeat(2_000)}\n`),
    }
    writeFileSync(files.latin1, latin1)
    const before = await counts()
    const cases: [string, Record<string, string>, string][] = [
      [files.empty, {}, `Error: The configuration file "${files.empty}" is empty: it holds no YAML content.`],
      [
        files.comments,
        {},
        `Error: The configuration file "${files.comments}" is empty: it holds no YAML content.`,
      ],
      [
        files.latin1,
        {},
        `Error: The configuration file "${files.latin1}" is not valid UTF-8: the byte 0xee at offset ${offset} (line ${line}, column ${column}) is not part of a UTF-8 character.`,
      ],
      [files.bomb, {}, `Error: The file "${files.bomb}" has 1 problem.`],
      [
        files.large,
        { IDX_CONFIG_MAX_BYTES: '2000' },
        `Error: The configuration file "${files.large}" is ${Buffer.byteLength(`${text}# ${'x'.repeat(2_000)}\n`).toLocaleString('en-US')} bytes, more than the 2,000 bytes idx reads.`,
      ],
      [
        files.large,
        { IDX_CONFIG_MAX_BYTES: 'lots' },
        'Error: IDX_CONFIG_MAX_BYTES must be a positive whole number of bytes, got "lots".',
      ],
    ]
    for (const [file, extra, first] of cases) {
      const result = await runCli(['config', 'import-shared', file], { ...env, ...extra }, repo)
      expect(result.code, file).toBe(1)
      expect(result.stdout).toBe('')
      expect(result.stderr.split('\n')[0], file).toBe(first)
    }
    const bombResult = await runCli(['config', 'import-shared', files.bomb], env, repo)
    expect(bombResult.stderr).toContain(
      `${files.bomb}:5:8 e[0]: invalid YAML: the aliases of this file expand to more than 10,000 nodes (here *d adds 7,381); idx refuses files whose aliases nest to expand exponentially ("billion laughs")`,
    )
    // validate reports each as a problem of its file, and lists them all.
    const validate = await runCli(['config', 'validate', ...Object.values(files).slice(0, 4)], env, repo)
    expect(validate.code).toBe(1)
    expect(validate.stdout).toContain(`✗ ${files.empty}: The configuration file "${files.empty}" is empty`)
    expect(validate.stdout).toContain('4 of 4 files have problems.')
    expect(await counts()).toEqual(before)
  })

  test('behavior: relative paths resolve against the working directory', async () => {
    const result = await runCli(
      ['config', 'import-shared', 'shared_v1_0.yaml', '--dry-run'],
      env,
      path.join(repo, 'prisma'),
    )
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Dry run: ')
  })
})

describe('idx config import-shared / import-model (pglite, the embedded default)', () => {
  let dataDir: string
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'idx-cli-pglite-'))
  })
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  test('default: migrate, import both files, re-import changes nothing', async () => {
    const env = { IDX_DATA_DIR: dataDir }
    expect((await runCli(['migrate', '--shared'], env, repo)).code).toBe(0)
    const shared = await runCli(['config', 'import-shared', SHARED, '--json'], env, repo)
    expect(shared.code).toBe(0)
    expect(JSON.parse(shared.stdout)).toMatchObject({ applied: true, database: 'idx_shared' })
    const model = await runCli(['config', 'import-model', MODEL], env, repo)
    expect(model.code).toBe(0)
    expect(model.stdout).toContain('idx migrate --model blub_test')
    const again = await runCli(['config', 'import-model', MODEL, '--json'], env, repo)
    expect(JSON.parse(again.stdout)).toMatchObject({ applied: false, changes: false })
  })
})
