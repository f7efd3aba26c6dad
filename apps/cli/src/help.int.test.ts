import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runCli } from './_test/cli'

// Every command's --help, walked from `idx --help` down through each
// "Commands:" list — so a command added to the program is covered without
// touching this file — and pinned in a file snapshot per command
// (src/__snapshots__/help/). After an intended change: vitest run -u.

type HelpPage = { path: string[]; text: string; subcommands: string[]; options: string[] }

/** The entries of one section of a help page ("Commands:", "Options:"): the first word of each. */
function sectionEntries(text: string, section: string): string[] {
  const lines = text.split('\n')
  const start = lines.indexOf(`${section}:`)
  if (start === -1) return []
  const entries: string[] = []
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('  ')) break
    const entry = /^ {2}(?:-\w, )?(\S+)/.exec(line) // a wrapped description is indented further
    if (entry && !line.startsWith('   ')) entries.push(entry[1]!)
  }
  return entries
}

async function helpOf(path: string[]): Promise<HelpPage> {
  const result = await runCli([...path, '--help'], {})
  expect(result, `idx ${path.join(' ')} --help`).toMatchObject({ code: 0, stderr: '' })
  return {
    path,
    text: result.stdout,
    subcommands: sectionEntries(result.stdout, 'Commands').filter((name) => name !== 'help'),
    options: sectionEntries(result.stdout, 'Options')
      .map((flag) => flag.replace(/,$/, ''))
      .filter((flag) => flag.startsWith('--') && flag !== '--help'),
  }
}

async function walk(path: string[] = []): Promise<HelpPage[]> {
  const page = await helpOf(path)
  const pages = [page]
  for (const name of page.subcommands) pages.push(...(await walk([...path, name])))
  return pages
}

/**
 * Groups that are also commands themselves (`idx migrate` migrates): commander
 * reads a misspelt subcommand as an extra argument ("too many arguments for
 * 'migrate'") and suggests nothing. Only ever shrinks.
 */
const WITHOUT_SUBCOMMAND_SUGGESTIONS = ['idx migrate']

const saved = { isTTY: process.stdout.isTTY, env: { ...process.env } }
let pages: HelpPage[] = []
const name = (page: HelpPage) => ['idx', ...page.path].join(' ')

beforeAll(async () => {
  // Deterministic output: commander wraps at the terminal's width on a terminal
  // (80 columns otherwise) and colours help unless NO_COLOR is set.
  process.stdout.isTTY = false
  process.env.NO_COLOR = '1'
  delete process.env.FORCE_COLOR
  delete process.env.CLICOLOR_FORCE
  pages = await walk()
})
afterAll(() => {
  process.stdout.isTTY = saved.isTTY
  process.env = saved.env
})

describe('idx --help', () => {
  test('default: the walk reaches every level of the program', () => {
    expect(pages.map(name)).toEqual(
      expect.arrayContaining(['idx', 'idx migrate', 'idx migrate status', 'idx db', 'idx db inspect']),
    )
    expect(pages.map(name)).toEqual(expect.arrayContaining(['idx config import-model', 'idx process range']))
  })

  test('behavior: every help page matches its file snapshot', async () => {
    for (const page of pages)
      await expect(page.text, name(page)).toMatchFileSnapshot(
        `./__snapshots__/help/${['idx', ...page.path].join('-')}.txt`,
      )
  })

  test('behavior: every help page ends with examples', () => {
    const missing = pages.filter((page) => !/\nExamples:\n {2}\$ idx /.test(page.text)).map(name)
    expect(missing).toEqual([])
  })

  test('behavior: help has no colour', () => {
    for (const page of pages) expect(page.text, name(page)).not.toContain('\u001b[')
  })
})

describe('suggestions', () => {
  // A misspelling drops the last letter; `idx migrat` (the top level) is pinned in commands/migrate.int.test.ts.
  test('error: a misspelt subcommand suggests the nearest one, at every level', async () => {
    const groups = pages.filter((page) => page.path.length > 0 && page.subcommands.length > 0)
    expect(groups.length).toBeGreaterThan(0)
    const without: string[] = []
    for (const group of groups)
      for (const sub of group.subcommands) {
        const argv = [...group.path, sub.slice(0, -1)]
        const result = await runCli(argv, {})
        expect(result.code, argv.join(' ')).toBe(2)
        if (result.stderr.startsWith(`error: too many arguments for '${group.path.at(-1)}'`)) {
          without.push(name(group))
          continue
        }
        expect(result.stderr, argv.join(' ')).toContain(`error: unknown command '${sub.slice(0, -1)}'`)
        expect(result.stderr, argv.join(' ')).toMatch(
          new RegExp(`\\(Did you mean (one of )?([\\w-]+, )*${sub}\\b.*\\?\\)`),
        )
      }
    expect([...new Set(without)]).toEqual(WITHOUT_SUBCOMMAND_SUGGESTIONS)
  })

  test("error: a misspelt option suggests the nearest one, on every command's own options", async () => {
    let checked = 0
    for (const page of pages)
      for (const option of page.options) {
        const argv = [...page.path, option.slice(0, -1)]
        let result = await runCli(argv, {})
        // A required option is checked before unknown ones: give it, then the misspelling is what fails.
        for (let more = 0; more < 3; more++) {
          const required = /required option '(--[\w-]+)/.exec(result.stderr)
          if (required === null) break
          argv.push(required[1]!, '1')
          result = await runCli(argv, {})
        }
        expect(result.code, argv.join(' ')).toBe(2)
        expect(result.stderr, argv.join(' ')).toContain(`error: unknown option '${option.slice(0, -1)}'`)
        expect(result.stderr, argv.join(' ')).toMatch(
          new RegExp(`\\(Did you mean (one of )?(--[\\w-]+, )*${option}\\b.*\\?\\)`),
        )
        checked++
      }
    expect(checked).toBeGreaterThan(10)
  })
})
