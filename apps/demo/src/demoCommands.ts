import path from 'node:path'
import { DEMO_MODEL } from './writeDemoConfig'

/** The `pnpm idx` commands that look further at what the main job made, for its summary. */
export function demoCommands(parameters: {
  /** The data directory, and whether the user chose it (then each command names it). */
  dataDir: string
  dataDirGiven: boolean
  cwd: string
  sharedFile: string
  modelFile: string
}): { what: string; command: string }[] {
  const { cwd } = parameters
  const dataDirFlag = parameters.dataDirGiven ? ` --data-dir ${quoteArgument(parameters.dataDir, cwd)}` : ''
  return [
    {
      what: 'tables, row counts and blocks',
      command: `pnpm idx${dataDirFlag} db inspect --model ${DEMO_MODEL}`,
    },
    {
      what: "BLUB's canonical price",
      command: `pnpm idx${dataDirFlag} pricing show --model ${DEMO_MODEL} --token BLUB`,
    },
    {
      what: 'candles and volume per hour',
      command: `pnpm idx${dataDirFlag} stats --model ${DEMO_MODEL} --token BLUB --period 1h`,
    },
    {
      what: 'browse the rows',
      command: `pnpm idx${dataDirFlag} db studio --model ${DEMO_MODEL}`,
    },
    {
      what: 'processing status',
      command: `pnpm idx${dataDirFlag} process status --model ${DEMO_MODEL}`,
    },
    {
      what: 're-import the configuration',
      command: `pnpm idx${dataDirFlag} config import-shared ${quoteArgument(parameters.sharedFile, cwd)} && pnpm idx${dataDirFlag} config import-model ${quoteArgument(parameters.modelFile, cwd)}`,
    },
  ]
}

/** A path as the user would type it from `cwd`: relative when inside it, quoted when it needs it. */
function quoteArgument(file: string, cwd: string): string {
  const relative = path.relative(cwd, file)
  const shown = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file
  return /^[\w./@:+-]+$/.test(shown) ? shown : `'${shown.replaceAll("'", `'\\''`)}'`
}
