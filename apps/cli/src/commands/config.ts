import path from 'node:path'
import {
  type ConfigIssue,
  ConfigValidationError,
  configLoadOptions,
  createConfigValidationError,
  formatConfigIssue,
  isIdxError,
  type LoadedConfig,
  type LoadedConfigFile,
  loadConfigFile,
  loadModelConfig,
  loadSharedConfig,
  type ModelConfig,
  modelDatabaseTarget,
  resolveModelConfig,
  type SharedConfig,
} from '@idx/config'
import {
  checkDatabaseIdentity,
  DatabaseIdentityError,
  databaseExists,
  readDatabaseState,
} from '@idx/database'
import { type ImportPlan, importModelConfig, importSharedConfig, type PlanEntry } from '@idx/shared-db'
import type { CliContext } from '../context'
import type { ConfigImportModelOptions, ConfigImportSharedOptions } from '../define/config'
import { formatTable } from './table'

/** `--dry-run`: what `import-shared` and `import-model` take. */
export type ImportOptions = ConfigImportSharedOptions & ConfigImportModelOptions

const resolvePath = (ctx: CliContext, file: string) => path.resolve(ctx.settings.cwd, file)

type ValidatedFile = {
  file: string
  kind: 'shared' | 'model' | undefined
  valid: boolean
  issues: ConfigIssue[]
  /** A file-level problem (it does not exist, …). */
  error?: string | undefined
  /** For a model file: the shared file its references were checked against. */
  checkedAgainst?: string | undefined
}

/** `idx config validate FILE…`: every problem of every file; exit 1 when there is any. */
export async function validateCommand(ctx: CliContext, files: string[]): Promise<number> {
  const loaded: { given: string; result: LoadedConfigFile | ValidatedFile }[] = []
  for (const given of files) {
    try {
      loaded.push({
        given,
        result: await loadConfigFile(resolvePath(ctx, given), configLoadOptions(ctx.settings)),
      })
    } catch (error) {
      loaded.push({ given, result: failed(given, error) })
    }
  }
  const sharedFiles = loaded.flatMap(({ given, result }) =>
    'loaded' in result && result.kind === 'shared' ? [{ given, loaded: result.loaded }] : [],
  )
  const against: { given: string; loaded: LoadedConfig<SharedConfig> } | undefined = sharedFiles[0]

  const results: ValidatedFile[] = loaded.map(({ given, result }) => {
    if (!('loaded' in result)) return result
    if (result.kind === 'shared') return { file: given, kind: 'shared', valid: true, issues: [] }
    if (against === undefined) return { file: given, kind: 'model', valid: true, issues: [] }
    try {
      resolveModelConfig(result.loaded, against.loaded.config)
      return { file: given, kind: 'model', valid: true, issues: [], checkedAgainst: against.given }
    } catch (error) {
      return { ...failed(given, error), kind: 'model', checkedAgainst: against.given }
    }
  })

  for (const result of results) {
    const kind = result.kind === undefined ? '' : ` (${result.kind} file)`
    if (result.valid) {
      const note =
        result.kind === 'model'
          ? result.checkedAgainst === undefined
            ? ctx.color('dim', ' — its references were not checked: give its shared file too')
            : ctx.color('dim', ` — references checked against ${result.checkedAgainst}`)
          : ''
      ctx.say(`${ctx.color('green', '✓')} ${result.file}${kind}: valid${note}`)
      continue
    }
    const count =
      result.error ?? (result.issues.length === 1 ? '1 problem' : `${result.issues.length} problems`)
    ctx.say(`${ctx.color('red', '✗')} ${result.file}${kind}: ${count}`)
    for (const issue of result.issues) ctx.say(`  ${formatConfigIssue(result.file, issue)}`)
  }
  const valid = results.every((result) => result.valid)
  if (files.length > 1)
    ctx.say(
      valid
        ? ctx.color('green', `All ${files.length} files are valid.`)
        : ctx.color(
            'red',
            `${results.filter((r) => !r.valid).length} of ${files.length} files have problems.`,
          ),
    )
  ctx.json({ valid, files: results })
  return valid ? 0 : 1
}

function failed(file: string, error: unknown): ValidatedFile {
  if (error instanceof ConfigValidationError)
    return { file, kind: undefined, valid: false, issues: [...error.issues] }
  if (isIdxError(error)) return { file, kind: undefined, valid: false, issues: [], error: error.shortMessage }
  throw error
}

/** `idx config import-shared FILE [--dry-run]`. */
export async function importSharedCommand(
  ctx: CliContext,
  file: string,
  options: ImportOptions,
): Promise<void> {
  const loaded = await loadSharedConfig(resolvePath(ctx, file), configLoadOptions(ctx.settings))
  const db = await ctx.openShared()
  let plan: ImportPlan
  try {
    plan = await importSharedConfig(db, loaded, { dryRun: Boolean(options.dryRun) })
  } finally {
    await db.close()
  }
  printPlan(ctx, file, plan)
  for (const changed of plan.generations ?? [])
    ctx.say(
      `Model "${changed.model}" is now at configuration generation ${changed.to} (was ${changed.from}): a running idx process of it stops at its next batch, or reloads with --reload-config.`,
    )
  const kept = plan.entries.filter((entry) => entry.action === 'not_in_file').length
  if (kept > 0 && !ctx.options.verbose)
    ctx.say(
      ctx.color(
        'dim',
        `${kept} row(s) of the database are not in the file; they were kept (models may use them). --verbose lists them.`,
      ),
    )
  ctx.json(plan)
}

/** `idx config import-model FILE [--dry-run]`; says how to create the model's database when it is new. */
export async function importModelCommand(
  ctx: CliContext,
  file: string,
  options: ImportOptions,
): Promise<void> {
  const loaded = await loadModelConfig(resolvePath(ctx, file), configLoadOptions(ctx.settings))
  const db = await ctx.openShared()
  try {
    await checkModelDatabase(ctx, loaded)
  } catch (error) {
    await db.close()
    throw error
  }
  let plan: ImportPlan
  try {
    plan = await importModelConfig(db, loaded, { dryRun: Boolean(options.dryRun) })
  } finally {
    await db.close()
  }
  printPlan(ctx, file, plan)
  const generation = plan.generation
  if (plan.applied && generation !== undefined && generation.from !== null)
    ctx.say(
      `Model "${plan.model}" is now at configuration generation ${generation.to} (was ${generation.from}): a running idx process of it stops at its next batch, or reloads with --reload-config.`,
    )

  const { model } = loaded.config
  const target = modelDatabaseTarget(ctx.settings, model, ctx.server)
  const next: string[] = []
  if (!plan.dryRun && !(await databaseExists(target))) next.push(`idx migrate --model ${model.name}`)
  if (next.length > 0)
    ctx.say(
      `Next: create and migrate the model's database "${model.database}": ${ctx.color('bold', next[0]!)}`,
    )
  ctx.json({ ...plan, next })
}

/**
 * A model file may not name a database that exists and is not (or cannot
 * become) this model's of this deployment: another model's, another
 * deployment's, a shared database, or one with content idx did not create.
 * Reported against `model.database`, before anything is imported.
 */
async function checkModelDatabase(ctx: CliContext, loaded: LoadedConfig<ModelConfig>): Promise<void> {
  const { model } = loaded.config
  const target = modelDatabaseTarget(ctx.settings, model, ctx.server)
  const state = await readDatabaseState(target)
  if (!state.exists) return
  const owner = await ctx.deployment()
  try {
    // Adoptable databases (empty, or of an older idx) pass here: idx migrate says how to adopt them.
    checkDatabaseIdentity(
      target,
      state,
      { kind: 'model', model: model.name, deployment: owner.deployment, sharedDatabase: owner.database },
      { adopt: true },
    )
  } catch (error) {
    if (!(error instanceof DatabaseIdentityError)) throw error
    throw createConfigValidationError(loaded, [
      {
        path: ['model', 'database'],
        message: error.shortMessage.replace(/^The /, 'the ').replace(/\.$/, ''),
      },
    ])
  }
}

const MARK: Record<PlanEntry['action'], string> = {
  created: '+',
  updated: '~',
  unchanged: '=',
  removed: '-',
  not_in_file: '?',
}

/** The summary table (and with --verbose every row) of a plan. */
function printPlan(ctx: CliContext, file: string, plan: ImportPlan): void {
  const where = `the shared database "${plan.database}"`
  const what = plan.scope === 'model' ? `model "${plan.model}" from ${file}` : file
  if (plan.dryRun)
    ctx.say(
      plan.changes
        ? `Dry run: importing ${what} into ${where} would make these changes (nothing was written):`
        : `Dry run: ${where} already matches ${file}; importing it would change nothing.`,
    )
  else
    ctx.say(
      plan.changes ? `Imported ${what} into ${where}:` : `Nothing changed: ${where} already matches ${file}.`,
    )

  const last = plan.scope === 'shared' ? 'not in file' : 'removed'
  const header = ['kind', 'created', 'updated', 'unchanged', last]
  const rows = plan.summary.map((kind) => [
    kind.kind,
    String(kind.created),
    String(kind.updated),
    String(kind.unchanged),
    String(plan.scope === 'shared' ? kind.notInFile : kind.removed),
  ])
  const table = formatTable(header, rows)
  ctx.say(ctx.color('bold', table.header))
  for (const row of table.rows) ctx.say(row)

  if (!ctx.options.verbose) return
  ctx.say('')
  for (const entry of plan.entries) {
    const label = entry.label === undefined ? '' : ` (${entry.label})`
    const note =
      entry.action === 'not_in_file'
        ? ctx.color('dim', ' not in the file; kept')
        : entry.action === 'unchanged'
          ? ctx.color('dim', ' unchanged')
          : ''
    ctx.say(`  ${MARK[entry.action]} ${entry.kind} ${entry.key}${label}${note}`)
    for (const change of entry.changes)
      ctx.say(`      ${change.field}: ${JSON.stringify(change.from)} → ${JSON.stringify(change.to)}`)
  }
}
