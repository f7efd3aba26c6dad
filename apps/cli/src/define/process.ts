import type { Command } from '@commander-js/extra-typings'
import { type OptionsOf, withBlockSource, withReloadConfig } from './options'
import { blockNumber, blockOrLatest, positiveInt } from './parsers'
import type { WithContext } from './withContext'

// Each `idx process` subcommand: its definition (arguments, options, help),
// the option type that follows from it, and its module, imported when it runs.

const processBlock = () => import('../commands/processBlock')
const processRange = () => import('../commands/processRange')
const processFollow = () => import('../commands/processFollow')
const processStatus = () => import('../commands/processStatus')
const processRetryFailed = () => import('../commands/processRetryFailed')

const defineBlock = (parent: Command) =>
  withBlockSource(
    parent
      .command('block')
      .description('process one block (again, if it was processed already)')
      .argument('<number>', 'the block number', blockNumber)
      .requiredOption('--model <name>', 'the model'),
  ).addHelpText(
    'after',
    `
Examples:
  $ idx process block 61090576 --model blub_test
  $ idx process block 61090576 --model blub_test --json`,
  )
export type ProcessBlockOptions = OptionsOf<ReturnType<typeof defineBlock>>

const defineRange = (parent: Command) =>
  withReloadConfig(
    withBlockSource(
      parent
        .command('range')
        .description('process blocks FROM..TO (inclusive); resumes where an earlier run stopped')
        .argument('<from>', 'the first block', blockNumber)
        .argument('<to>', 'the last block, or "latest" for the source\'s head', blockOrLatest)
        .requiredOption('--model <name>', 'the model')
        .option('--workers <k>', 'claim loops in this process (default 1)', positiveInt)
        .option(
          '--batch-size <n>',
          'blocks with logs per fetch and per write transaction (default 100; a batch spans up to 100 times as many blocks where few have logs)',
          positiveInt,
        )
        .option('--job-size <n>', 'blocks per job, the unit workers claim (default 10000)', positiveInt),
    ),
  ).addHelpText(
    'after',
    `
The range is split into jobs in the model's database. Workers — in this
process (--workers) and in any other process running a range over the same
database — claim jobs with FOR UPDATE SKIP LOCKED: no block is processed twice
at once and none is left out. Blocks already done are skipped, so running the
same command again after a crash, Ctrl-C or a failed job resumes where it
stopped (failed jobs of the range are taken up again).

A job whose source keeps failing after its retries stops the run, with a
summary. An import that changes the model's configuration stops the run at
its next batch (--reload-config: goes on with the new configuration).

A stored_blocks source is indexed by listing its folder or bucket: blocks
it does not hold are left out and reported as gaps (runs A–B); the same
command run again once they are there processes them.

Exit status: 0 when no block or job of the range failed (blocks that other
processes still hold are theirs to finish), 1 when one did or the
configuration changed (see idx process status; run the same command again),
3 when every block the source holds is done but the source lacks some of the
range (the gaps are named), 130 when stopped by Ctrl-C or SIGTERM.

Examples:
  $ idx process range 58219691 58230000 --model blub_test
  $ idx process range 58219691 latest --model blub_test --workers 4 --batch-size 200
  $ idx process range 58219691 58230000 --model blub_test --log-format json 2> progress.log`,
  )
export type ProcessRangeOptions = OptionsOf<ReturnType<typeof defineRange>>

const defineFollow = (parent: Command) =>
  withReloadConfig(
    withBlockSource(
      parent
        .command('follow')
        .description('follow the chain head: process new blocks as they come, rolling back reorganised ones')
        .requiredOption('--model <name>', 'the model')
        .option('--poll-ms <ms>', 'how often to look for new blocks (default 2000)', positiveInt)
        .option(
          '--batch-size <n>',
          'most blocks per fetch and write while catching up (default 100)',
          positiveInt,
        )
        .option(
          '--from <block>',
          "where to start when nothing is processed yet (default the model's start block)",
          blockNumber,
        )
        .option('--until <block>', 'stop once this block is processed', blockNumber),
    ),
  ).addHelpText(
    'after',
    `
Starts after the newest processed block. Each new block's parent hash is
checked against the stored previous block; when they differ the chain
reorganised: the orphaned blocks' rows are removed and the new branch is
processed. Ctrl-C or SIGTERM stops cleanly after the batch in progress. An
import that changes the model's configuration stops following at the next
batch (exit 1), or with --reload-config is followed.

Examples:
  $ idx process follow --model blub_test
  $ idx process follow --model blub_test --poll-ms 500 --log-format json`,
  )
export type ProcessFollowOptions = OptionsOf<ReturnType<typeof defineFollow>>

const defineStatus = (parent: Command) =>
  parent
    .command('status')
    .description('done, failed and pending blocks, the failed blocks with their errors, and the jobs')
    .requiredOption('--model <name>', 'the model')
    .option('--limit <n>', 'failed blocks to list (default 20)', positiveInt)
    .option(
      '--source <name>',
      "count the blocks this stored_blocks source lacks (default: the model's source)",
    )
    .addHelpText(
      'after',
      `
Pending counts the blocks from the model's start block up to the highest
block processed or queued that are not processed yet. When the model reads a
stored archive (its default source, or --source), the blocks the archive does
not hold are counted apart, as "not in the source", with their runs.

Examples:
  $ idx process status --model blub_test
  $ idx process status --model blub_test --json`,
    )
export type ProcessStatusOptions = OptionsOf<ReturnType<typeof defineStatus>>

const defineRetryFailed = (parent: Command) =>
  withBlockSource(
    parent
      .command('retry-failed')
      .description('requeue failed jobs and process them, then process the failed blocks again')
      .requiredOption('--model <name>', 'the model')
      .option('--workers <k>', 'claim loops in this process (default 1)', positiveInt)
      .option('--batch-size <n>', 'blocks per fetch and per write transaction (default 100)', positiveInt),
  ).addHelpText(
    'after',
    `
Exit status: 0 when nothing is left failed, 1 otherwise.

Examples:
  $ idx process retry-failed --model blub_test`,
  )
export type ProcessRetryFailedOptions = OptionsOf<ReturnType<typeof defineRetryFailed>>

/**
 * Registers `idx process block | range | follow | status | retry-failed`.
 */
export function registerProcessCommands(program: Command, withContext: WithContext): void {
  const processCommand = program
    .command('process')
    .description("index blocks into a model's database: one block, a range, or following the chain head")
    .addHelpText(
      'after',
      `
Blocks come from the model's first rpc source (its URL read from the
environment variable its url_env names), else its stored_blocks source;
--source NAME picks another. Progress goes to stderr: a bar on a terminal,
log lines otherwise (--log-format json: one JSON object per line).

Examples:
  $ idx process range 58219691 58230000 --model blub_test --workers 2
  $ idx process follow --model blub_test
  $ idx process status --model blub_test --json`,
    )

  defineBlock(processCommand).action(
    withContext(async (ctx, number, options) =>
      (await processBlock()).processBlockCommand(ctx, number, options),
    ),
  )
  defineRange(processCommand).action(
    withContext(async (ctx, from, to, options) =>
      (await processRange()).processRangeCommand(ctx, from, to, options),
    ),
  )
  defineFollow(processCommand).action(
    withContext(async (ctx, options) => (await processFollow()).processFollowCommand(ctx, options)),
  )
  defineStatus(processCommand).action(
    withContext(async (ctx, options) => (await processStatus()).processStatusCommand(ctx, options)),
  )
  defineRetryFailed(processCommand).action(
    withContext(async (ctx, options) => (await processRetryFailed()).processRetryFailedCommand(ctx, options)),
  )
}
