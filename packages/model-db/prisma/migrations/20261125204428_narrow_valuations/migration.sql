-- Valuation rows hold only what the valuation decided. The swap's id, pool,
-- base token and block time (and a trade's id) are its own row's, joined on
-- block number and log index: copied into both denomination rows, they made
-- bulk-loading valuations about twice as slow. The trailing window of
-- canonical prices is now read through pool_swap (pool, block_number), its
-- time range turned into block bounds by the new processed_block index.

-- DropIndex
DROP INDEX "swap_valuation_base_token_block_time_idx";

-- AlterTable
ALTER TABLE "swap_valuation" DROP COLUMN "base_token",
DROP COLUMN "block_time",
DROP COLUMN "pool",
DROP COLUMN "swap_id";

-- AlterTable
ALTER TABLE "trade_valuation" DROP COLUMN "trade_id";

-- CreateIndex
CREATE INDEX "processed_block_timestamp_number_idx" ON "processed_block"("timestamp", "number");
