-- CreateEnum
CREATE TYPE "block_status" AS ENUM ('processing', 'done', 'failed');

-- CreateTable
CREATE TABLE "_idx_database" (
    "kind" TEXT NOT NULL,
    "model" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "_idx_database_pkey" PRIMARY KEY ("kind")
);

-- CreateTable
CREATE TABLE "processed_block" (
    "number" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "parent_hash" TEXT NOT NULL,
    "timestamp" TIMESTAMP(3) NOT NULL,
    "status" "block_status" NOT NULL,
    "error" TEXT,
    "log_count" INTEGER NOT NULL DEFAULT 0,
    "event_count" INTEGER NOT NULL DEFAULT 0,
    "processed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_block_pkey" PRIMARY KEY ("number")
);

-- CreateIndex
CREATE INDEX "processed_block_status_idx" ON "processed_block"("status");

-- idx: this database is an idx model database (checked by `idx db reset`),
-- `idx migrate --model NAME` records the model's name.
INSERT INTO "_idx_database" ("kind") VALUES ('model');
