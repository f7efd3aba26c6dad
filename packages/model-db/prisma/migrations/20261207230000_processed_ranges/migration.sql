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

DELETE FROM "processed_block"
 WHERE "status" = 'done' AND "log_count" = 0 AND "undecodable_count" = 0;
