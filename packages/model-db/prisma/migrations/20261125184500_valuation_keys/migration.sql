-- Valuations are keyed by their swap's (trade's) block and log index, as the
-- swap itself is unique, instead of by its long text id, and have no foreign
-- key: writing them is a bulk load (COPY), and a text primary key, a second
-- block index and a foreign-key check per row made it several times slower.
-- The block writers delete a block's valuations with its swaps and trades.

-- DropForeignKey
ALTER TABLE "swap_valuation" DROP CONSTRAINT "swap_valuation_swap_id_fkey";

-- DropForeignKey
ALTER TABLE "trade_valuation" DROP CONSTRAINT "trade_valuation_trade_id_fkey";

-- AddColumn (filled from the swap and the trade each existing row belongs to)
ALTER TABLE "swap_valuation" ADD COLUMN "log_index" INTEGER;
UPDATE "swap_valuation" v SET "log_index" = s."log_index" FROM "pool_swap" s WHERE s."id" = v."swap_id";
ALTER TABLE "swap_valuation" ALTER COLUMN "log_index" SET NOT NULL;

ALTER TABLE "trade_valuation" ADD COLUMN "log_index" INTEGER;
UPDATE "trade_valuation" v SET "log_index" = t."log_index" FROM "trade" t WHERE t."id" = v."trade_id";
ALTER TABLE "trade_valuation" ALTER COLUMN "log_index" SET NOT NULL;

-- AlterPrimaryKey
ALTER TABLE "swap_valuation" DROP CONSTRAINT "swap_valuation_pkey",
ADD CONSTRAINT "swap_valuation_pkey" PRIMARY KEY ("block_number", "log_index", "denomination");

ALTER TABLE "trade_valuation" DROP CONSTRAINT "trade_valuation_pkey",
ADD CONSTRAINT "trade_valuation_pkey" PRIMARY KEY ("block_number", "log_index", "denomination");

-- DropIndex (the primary key starts with the block number)
DROP INDEX "swap_valuation_block_number_idx";

-- DropIndex
DROP INDEX "trade_valuation_block_number_idx";
