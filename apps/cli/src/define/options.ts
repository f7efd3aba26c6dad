import type { Command, OptionValues } from '@commander-js/extra-typings'
import { collect, positiveInt } from './parsers'

// Options several commands share, defined once: each helper adds its options
// to a command definition and the command's option type follows from them
// (`@commander-js/extra-typings`), so no option type is written by hand.

/** The options a command definition parses into (what its action receives). */
export type OptionsOf<C> = C extends Command<unknown[], infer Options, OptionValues> ? Options : never

/** `--shared`, `--model NAME` (repeatable) and `--all`: which databases a command acts on (no flag: all). */
export function withDatabaseSelection<A extends unknown[], O extends OptionValues, G extends OptionValues>(
  command: Command<A, O, G>,
) {
  return command
    .option('--shared', 'the shared database')
    .option('--model <name>', "a model's database (repeatable)", collect)
    .option('--all', 'the shared database and every registered model (the default)')
}

/** Which databases a command acts on: `--shared`, `--model NAME`…, `--all` (none of them: all). */
// biome-ignore lint/complexity/noBannedTypes: `{}` is how commander types a command with no options yet.
export type DatabaseSelection = OptionsOf<ReturnType<typeof withDatabaseSelection<[], {}, {}>>>

/** `--source NAME` and `--requests-per-second N`: where a model's blocks are read from. */
export function withBlockSource<A extends unknown[], O extends OptionValues, G extends OptionValues>(
  command: Command<A, O, G>,
) {
  return command
    .option('--source <name>', 'read blocks from this source of the model')
    .option('--requests-per-second <n>', "override the rpc source's requests_per_second", positiveInt)
}

/** `--reload-config`: a run goes on with a model's new configuration instead of stopping. */
export function withReloadConfig<A extends unknown[], O extends OptionValues, G extends OptionValues>(
  command: Command<A, O, G>,
) {
  return command.option(
    '--reload-config',
    "reload the model's configuration when an import changes it, instead of stopping",
  )
}
