-- Progress as intervals: what a model has processed is recorded as runs of consecutive done
-- blocks (processed_range). Blocks with tracked logs keep their processed_block row, empty
-- blocks are covered by a range only.

-- CreateTable
CREATE TABLE "processed_range" (
    "from_block" BIGINT NOT NULL,
    "to_block" BIGINT NOT NULL,
    "to_hash" TEXT,
    "processed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_range_pkey" PRIMARY KEY ("from_block")
);

-- CreateIndex
CREATE INDEX "processed_range_to_block_idx" ON "processed_range"("to_block");

-- Convert what a database processed before: every run of consecutive done blocks becomes a
-- range (with the hash of its last block), and the rows of its empty done blocks (no tracked
-- log, so no row refers to them) give way to the range. Runs are found as islands of
-- number - row_number(). A range already present is kept (ON CONFLICT DO NOTHING).
INSERT INTO "processed_range" ("from_block", "to_block", "to_hash")
SELECT min(d."number"), max(d."number"), (array_agg(d."hash" ORDER BY d."number" DESC))[1]
  FROM (SELECT "number", "hash", "number" - row_number() OVER (ORDER BY "number") AS island
          FROM "processed_block" WHERE "status" = 'done') d
 GROUP BY d.island
ON CONFLICT ("from_block") DO NOTHING;

-- Only a row nothing refers to gives way: its counts say it held no log, and no event row names
-- its block (a row written by hand or by an older writer keeps its events and its row).
DELETE FROM "processed_block" b
 WHERE b."status" = 'done' AND b."log_count" = 0 AND b."undecodable_count" = 0
   AND NOT EXISTS (SELECT 1 FROM "processed_transaction" c WHERE c."block_number" = b."number")
   AND NOT EXISTS (SELECT 1 FROM "transfer" c WHERE c."block_number" = b."number")
   AND NOT EXISTS (SELECT 1 FROM "pool_swap" c WHERE c."block_number" = b."number")
   AND NOT EXISTS (SELECT 1 FROM "trade" c WHERE c."block_number" = b."number")
   AND NOT EXISTS (SELECT 1 FROM "liquidity_event" c WHERE c."block_number" = b."number")
   AND NOT EXISTS (SELECT 1 FROM "fee_collection" c WHERE c."block_number" = b."number")
   AND NOT EXISTS (SELECT 1 FROM "cl_position_event" c WHERE c."block_number" = b."number")
   AND NOT EXISTS (SELECT 1 FROM "position" c WHERE c."block_number" = b."number")
   AND NOT EXISTS (SELECT 1 FROM "feed_answer" c WHERE c."block_number" = b."number")
   AND NOT EXISTS (SELECT 1 FROM "undecodable_log" c WHERE c."block_number" = b."number");
