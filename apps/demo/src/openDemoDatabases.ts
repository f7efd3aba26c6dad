import {
  type DatabaseServer,
  type DatabaseTarget,
  type IdxSettings,
  modelDatabaseTarget,
  sharedDatabaseTarget,
} from '@idx/config'
import { dropModelDatabase, readDatabaseState } from '@idx/database'
import { createModelDb, type ModelDb, migrateModelDb } from '@idx/model-db'
import {
  createSharedDb,
  type ImportPlan,
  importModelConfig,
  importSharedConfig,
  migrateSharedDb,
  type SharedDb,
} from '@idx/shared-db'
import { describeImport, describeMigrations } from './describeSetup'
import { modelDatabaseProblem } from './modelDatabaseProblem'
import type { DemoChain } from './openDemoChain'
import { DEMO_MODEL, type DemoConfig } from './writeDemoConfig'

export type DemoDatabases = {
  shared: SharedDb
  model: ModelDb
  sharedTarget: DatabaseTarget
  modelTarget: DatabaseTarget
  /** The migrations applied now (the model's: after a reset, those of the fresh database). */
  migrations: { shared: string[]; model: string[] }
  imports: { shared: ImportPlan; model: ImportPlan }
  /** Why the model database was emptied and migrated afresh (`undefined` when it was kept). */
  modelDatabaseReset: string | undefined
  /** Closes both databases. */
  close: () => Promise<void>
}

/**
 * The main job's two databases, ready to index into: the shared database
 * migrated and both configuration files imported; the model database
 * migrated (adopted when an older idx made it), and emptied and migrated
 * afresh when it holds blocks of another chain or swaps it could not value.
 */
export async function openDemoDatabases(parameters: {
  settings: IdxSettings
  server: DatabaseServer
  config: DemoConfig
  chain: DemoChain
  log: (line: string) => void
}): Promise<DemoDatabases> {
  const { settings, server, config, chain, log } = parameters
  const sharedTarget = sharedDatabaseTarget(settings, server)
  const sharedMigrations = await migrateSharedDb({ target: sharedTarget })
  log(describeMigrations('shared', sharedTarget, sharedMigrations.applied))
  const shared = await createSharedDb({ target: sharedTarget })
  try {
    const sharedPlan = await importSharedConfig(shared, config.shared)
    const modelPlan = await importModelConfig(shared, config.model)
    log(describeImport(sharedPlan, DEMO_MODEL))
    log(describeImport(modelPlan, DEMO_MODEL))

    const modelTarget = modelDatabaseTarget(
      settings,
      { name: DEMO_MODEL, database: config.model.config.model.database },
      server,
    )
    // The job's own database from a run of an older idx records no deployment: the job adopts it.
    const before = await readDatabaseState(modelTarget)
    const legacy = before.exists && before.marker?.model === DEMO_MODEL && before.marker.deployment === null
    const modelMigrations = await migrateModelDb({ target: modelTarget, shared: sharedTarget, adopt: legacy })
    if (modelMigrations.adopted)
      log('Adopted the model database an older idx created (it recorded no deployment).')
    log(describeMigrations('model', modelTarget, modelMigrations.applied))
    let modelApplied = modelMigrations.applied
    let model: ModelDb | undefined = await createModelDb({ target: modelTarget })
    let resetBecause: string | undefined
    try {
      resetBecause = await modelDatabaseProblem(model, chain)
      if (resetBecause !== undefined) {
        log(`Resetting the model database: ${resetBecause}.`)
        await model.close()
        model = undefined
        await dropModelDatabase({ target: modelTarget, shared: sharedTarget })
        modelApplied = (await migrateModelDb({ target: modelTarget, shared: sharedTarget })).applied
        model = await createModelDb({ target: modelTarget })
      }
    } catch (error) {
      await model?.close()
      throw error
    }
    const opened = model
    return {
      shared,
      model: opened,
      sharedTarget,
      modelTarget,
      migrations: { shared: sharedMigrations.applied, model: modelApplied },
      imports: { shared: sharedPlan, model: modelPlan },
      modelDatabaseReset: resetBecause,
      close: async () => {
        await opened.close()
        await shared.close()
      },
    }
  } catch (error) {
    await shared.close()
    throw error
  }
}
