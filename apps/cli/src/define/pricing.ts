import { type Command, Option } from '@commander-js/extra-typings'
import type { OptionsOf } from './options'
import { blockNumber } from './parsers'
import type { WithContext } from './withContext'

const commands = () => import('../commands/pricing')

const definePricingUpdate = (parent: Command) =>
  parent
    .command('update')
    .description(
      "price a model's stored blocks again: missing AVAX/USD and canonical prices, every valuation",
    )
    .requiredOption('--model <name>', 'the model')
    .option('--from <block>', 'the first block (default: the first processed block)', blockNumber)
    .option('--to <block>', 'the last block (default: the last processed block)', blockNumber)
    .option('--source <name>', 'read the feed through this source of the model')
    .addHelpText(
      'after',
      `
Idempotent: running it again leaves the same rows. Swaps that were ERROR for
want of a price (no AVAX/USD at their block, no canonical price yet) are valued
once the price exists — after idx pricing avax, or once more blocks are in.

Examples:
  $ idx pricing update --model blub_test
  $ idx pricing update --model blub_test --from 58220000 --to 58230000 --json`,
    )
export type PricingUpdateOptions = OptionsOf<ReturnType<typeof definePricingUpdate>>

const definePricingExplain = (parent: Command) =>
  parent
    .command('explain')
    .description(
      "say how a pool's swaps are priced at a block: method, tier, config, AVAX/USD, canonical price",
    )
    .requiredOption('--model <name>', 'the model')
    .requiredOption('--pool <address>', 'the pool')
    .requiredOption('--block <n>', 'the block', blockNumber)
    .option('--source <name>', 'read the feed through this source of the model when no price is stored')
    .addHelpText(
      'after',
      `
Examples:
  $ idx pricing explain --model blub_test --pool 0x39888258d60fed9228f89e13eb57a92f1fa832eb --block 61090576
  $ idx pricing explain --model blub_test --pool 0x819fe65a885d40493f4b91e8a10e242018758432 --block 58300000 --json`,
    )
export type PricingExplainOptions = OptionsOf<ReturnType<typeof definePricingExplain>>

const definePricingShow = (parent: Command) =>
  parent
    .command('show')
    .description("print a token's canonical price series")
    .requiredOption('--model <name>', 'the model')
    .requiredOption('--token <token>', 'the token: its address or symbol')
    .option('--from <when>', 'a block number or an ISO date/time (default: the first price)')
    .option('--to <when>', 'a block number or an ISO date/time (default: the last price)')
    .addHelpText(
      'after',
      `
Examples:
  $ idx pricing show --model blub_test --token BLUB
  $ idx pricing show --model blub_test --token 0x0f669808d88b2b0b3d23214dcd2a1cc6a8b1b5cd --from 58220000 --to 58230000
  $ idx pricing show --model blub_test --token BLUB --from 2025-03-01T00:00Z --to 2025-03-01T06:00Z --json`,
    )
export type PricingShowOptions = OptionsOf<ReturnType<typeof definePricingShow>>

const definePricingAvax = (parent: Command) =>
  parent
    .command('avax')
    .description('store the AVAX/USD price of every block of a range in the shared database, and print it')
    .option('--from <block>', 'the first block (required)', blockNumber)
    .option('--to <block>', 'the last block (required)', blockNumber)
    .option('--model <name>', "read blocks through this model's sources (default: the shared file's sources)")
    .option('--source <name>', 'read blocks from this source')
    .addHelpText(
      'after',
      `
Prices already stored are reused; the rest come from the feed's AnswerUpdated
events and latestRoundData reads at the blocks. A block whose price cannot be
read gets no row (never a placeholder): the command names those blocks and
exits 1. Without a node, load prices from a file: idx pricing avax import FILE.

Examples:
  $ idx pricing avax --from 58219691 --to 58220000
  $ idx pricing avax --from 100 --to 200 --model blub_test --json
  $ idx pricing avax import avax_usd.csv --model blub_test`,
    )
    // `avax` both acts and has a subcommand: a misspelt subcommand is told apart from stray words here.
    .allowExcessArguments(true)
export type PricingAvaxOptions = OptionsOf<ReturnType<typeof definePricingAvax>>

const definePricingAvaxImport = (parent: ReturnType<typeof definePricingAvax>) =>
  parent
    .command('import')
    .description('store AVAX/USD prices from a CSV or JSON file in the shared database (all rows or none)')
    .argument('<file>', 'a .csv file with a header line, or a .json list of objects')
    .option('--model <name>', "read the blocks' times (and, for rows by time, the blocks) from this model")
    .option('--replace', "store the file's answer where another one is stored for a block")
    .addOption(
      new Option('--format <format>', 'the file format (default: from its extension)').choices([
        'csv',
        'json',
      ]),
    )
    .addHelpText(
      'after',
      `
Each row names a block ("block") or the time the feed gave the answer
("timestamp": Unix seconds or ISO 8601), and the answer: "answer" (the feed's
raw integer, 8 decimals for AVAX/USD) or "price" (USD per AVAX). Optional:
"round_id", and for block rows "answered_at" and "block_time". A block row
without block_time takes the time of the model's processed block. Rows by time
price every processed block of the model from the first row's time to the last
one's with the latest answer up to it.

Every row is checked first: a bad row is named (line or row, value) and
nothing is stored. Importing the same file again changes nothing. Then price
the model again: idx pricing update --model NAME.

Examples:
  $ idx pricing avax import avax_usd.csv --model blub_test
  $ idx pricing avax import rounds.json --model blub_test --json`,
    )
export type PricingAvaxImportOptions = OptionsOf<ReturnType<typeof definePricingAvaxImport>>

/** Registers `idx pricing avax | update | explain | show`. */
export function registerPricingCommands(program: Command, withContext: WithContext): void {
  const pricing = program
    .command('pricing')
    .description('AVAX/USD per block, swap valuations and canonical prices')
    .addHelpText(
      'after',
      `
Every processed block is priced as it is written. These commands fill in and
explain prices:

Examples:
  $ idx pricing avax --from 58219691 --to 58220000
  $ idx pricing update --model blub_test
  $ idx pricing explain --model blub_test --pool 0x39888258d60fed9228f89e13eb57a92f1fa832eb --block 61090576
  $ idx pricing show --model blub_test --token BLUB --from 2025-01-01 --to 2025-01-02`,
    )

  const avax = definePricingAvax(pricing).action(
    withContext(async (ctx, options, command) => {
      const [word] = command.args
      if (word !== undefined)
        command.error(
          `error: unknown command '${word}'${'import'.startsWith(word.slice(0, 3)) ? '\n(Did you mean import?)' : ''}`,
          { code: 'commander.unknownCommand' },
        )
      return (await commands()).avaxCommand(ctx, options)
    }),
  )

  definePricingAvaxImport(avax).action(
    withContext(async (ctx, file, options, command) =>
      // `avax` has a --model of its own, which takes the option wherever it is written.
      (await commands()).avaxImportCommand(ctx, file, {
        ...options,
        model: options.model ?? command.optsWithGlobals().model,
      }),
    ),
  )

  definePricingUpdate(pricing).action(
    withContext(async (ctx, options) => (await commands()).updateCommand(ctx, options)),
  )

  definePricingExplain(pricing).action(
    withContext(async (ctx, options) => (await commands()).explainCommand(ctx, options)),
  )

  definePricingShow(pricing).action(
    withContext(async (ctx, options) => (await commands()).showCommand(ctx, options)),
  )
}
