// A scenario's databases set up the operator's way, through the CLI: the
// shared database migrated, both files imported, the model database migrated.

import { modelDatabaseTarget, readSettings } from '@idx/config'
import { createModelDb, type ModelDb } from '@idx/model-db'
import {
  type DbKind,
  type Scenario,
  type ScenarioConfigParameters,
  scenarioConfig,
  writeConfigFiles,
} from '@idx/pipeline/testing'
import { testDatabase, testServerUrl } from '@idx/testkit'
import { runCli } from './cli'

const SERVER = testServerUrl()

export type CliScenarioSetup = {
  env: Record<string, string>
  db: ModelDb
  from: string
  to: string
}

/**
 * A migrated shared database with both files imported and a migrated model
 * database — through the CLI. What to undo is pushed onto `cleanups`.
 */
export async function setUpCliScenario(
  scenario: Scenario,
  cleanups: (() => Promise<void> | void)[],
  kind: DbKind,
  modelName = 'scenario',
  config: ScenarioConfigParameters = {},
  /** Changes the files' texts before they are written. */
  edit: (files: { shared: string; model: string }) => { shared: string; model: string } = (files) => files,
): Promise<CliScenarioSetup> {
  const shared = testDatabase(kind)
  // A unique name for the model database (created by `idx migrate --model`, dropped after the file).
  const model = testDatabase('postgres', { kind: 'model', model: modelName })
  const database = model.target.database
  const env: Record<string, string> = {
    ...(kind === 'postgres'
      ? { IDX_DATABASE_URL: SERVER }
      : { IDX_DATA_DIR: (shared.server as { dataDir: string }).dataDir }),
    IDX_SHARED_DB: shared.target.database,
    ...scenario.env,
  }
  const files = writeConfigFiles(
    edit(scenarioConfig(scenario, { ...config, model: modelName, database })),
    modelName,
  )
  cleanups.push(files.remove, shared.drop)
  if (kind === 'postgres') cleanups.push(model.drop)
  for (const argv of [
    ['migrate', '--shared'],
    ['config', 'import-shared', files.shared],
    ['config', 'import-model', files.model],
    ['migrate', '--model', modelName],
  ]) {
    const result = await runCli(argv, env)
    if (result.code !== 0) throw new Error(`idx ${argv.join(' ')} failed: ${result.stderr}`)
  }
  const db = await createModelDb({
    target: modelDatabaseTarget(readSettings({ env }), { name: modelName, database }),
  })
  cleanups.push(() => db.close())
  return { env, db, from: `${scenario.firstBlock}`, to: `${scenario.lastBlock}` }
}
