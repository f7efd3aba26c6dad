-- CreateEnum
CREATE TYPE "block_status" AS ENUM ('done', 'failed');

-- CreateEnum
CREATE TYPE "transfer_cause" AS ENUM ('transfer', 'mint', 'burn', 'wrap', 'unwrap');

-- CreateEnum
CREATE TYPE "swap_direction" AS ENUM ('buy', 'sell');

-- CreateEnum
CREATE TYPE "liquidity_action" AS ENUM ('add', 'remove');

-- CreateEnum
CREATE TYPE "position_cause" AS ENUM ('mint', 'burn', 'transfer');

-- CreateEnum
CREATE TYPE "job_status" AS ENUM ('pending', 'running', 'done', 'failed');

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
    "transfer_count" INTEGER NOT NULL DEFAULT 0,
    "swap_count" INTEGER NOT NULL DEFAULT 0,
    "trade_count" INTEGER NOT NULL DEFAULT 0,
    "liquidity_count" INTEGER NOT NULL DEFAULT 0,
    "position_count" INTEGER NOT NULL DEFAULT 0,
    "feed_answer_count" INTEGER NOT NULL DEFAULT 0,
    "undecodable_count" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "processed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_block_pkey" PRIMARY KEY ("number")
);

-- CreateTable
CREATE TABLE "processed_transaction" (
    "hash" TEXT NOT NULL,
    "block_number" BIGINT NOT NULL,
    "index" INTEGER NOT NULL,
    "from_address" TEXT NOT NULL,
    "to_address" TEXT,
    "log_count" INTEGER NOT NULL,

    CONSTRAINT "processed_transaction_pkey" PRIMARY KEY ("hash")
);

-- CreateTable
CREATE TABLE "transfer" (
    "id" TEXT NOT NULL,
    "block_number" BIGINT NOT NULL,
    "block_time" TIMESTAMP(3) NOT NULL,
    "transaction_hash" TEXT NOT NULL,
    "transaction_index" INTEGER NOT NULL,
    "log_index" INTEGER NOT NULL,
    "token" TEXT NOT NULL,
    "from_address" TEXT NOT NULL,
    "to_address" TEXT NOT NULL,
    "amount" DECIMAL(78,0) NOT NULL,
    "cause" "transfer_cause" NOT NULL,

    CONSTRAINT "transfer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pool_swap" (
    "id" TEXT NOT NULL,
    "block_number" BIGINT NOT NULL,
    "block_time" TIMESTAMP(3) NOT NULL,
    "transaction_hash" TEXT NOT NULL,
    "transaction_index" INTEGER NOT NULL,
    "log_index" INTEGER NOT NULL,
    "pool" TEXT NOT NULL,
    "pool_type" TEXT NOT NULL,
    "taker" TEXT NOT NULL,
    "sender" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "direction" "swap_direction" NOT NULL,
    "base_token" TEXT NOT NULL,
    "quote_token" TEXT NOT NULL,
    "base_amount" DECIMAL(78,0) NOT NULL,
    "quote_amount" DECIMAL(78,0) NOT NULL,
    "log_indexes" INTEGER[],
    "bin_ids" INTEGER[],
    "trade_id" TEXT,

    CONSTRAINT "pool_swap_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trade" (
    "id" TEXT NOT NULL,
    "block_number" BIGINT NOT NULL,
    "block_time" TIMESTAMP(3) NOT NULL,
    "transaction_hash" TEXT NOT NULL,
    "transaction_index" INTEGER NOT NULL,
    "log_index" INTEGER NOT NULL,
    "taker" TEXT NOT NULL,
    "route" TEXT[],
    "pools" TEXT[],
    "swap_count" INTEGER NOT NULL,
    "token_in" TEXT NOT NULL,
    "amount_in" DECIMAL(78,0) NOT NULL,
    "token_out" TEXT NOT NULL,
    "amount_out" DECIMAL(78,0) NOT NULL,
    "direction" "swap_direction" NOT NULL,
    "base_token" TEXT NOT NULL,
    "quote_token" TEXT NOT NULL,
    "base_amount" DECIMAL(78,0) NOT NULL,
    "quote_amount" DECIMAL(78,0) NOT NULL,

    CONSTRAINT "trade_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "liquidity_event" (
    "id" TEXT NOT NULL,
    "block_number" BIGINT NOT NULL,
    "block_time" TIMESTAMP(3) NOT NULL,
    "transaction_hash" TEXT NOT NULL,
    "transaction_index" INTEGER NOT NULL,
    "log_index" INTEGER NOT NULL,
    "action" "liquidity_action" NOT NULL,
    "pool" TEXT NOT NULL,
    "pool_type" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "sender" TEXT NOT NULL,
    "recipient" TEXT,
    "base_token" TEXT NOT NULL,
    "quote_token" TEXT NOT NULL,
    "base_amount" DECIMAL(78,0) NOT NULL,
    "quote_amount" DECIMAL(78,0) NOT NULL,
    "bin_ids" INTEGER[],

    CONSTRAINT "liquidity_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "position" (
    "id" TEXT NOT NULL,
    "block_number" BIGINT NOT NULL,
    "block_time" TIMESTAMP(3) NOT NULL,
    "transaction_hash" TEXT NOT NULL,
    "transaction_index" INTEGER NOT NULL,
    "log_index" INTEGER NOT NULL,
    "pool" TEXT NOT NULL,
    "pool_type" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "amount" DECIMAL(78,0) NOT NULL,
    "bin_id" INTEGER,
    "cause" "position_cause" NOT NULL,
    "counterparty" TEXT NOT NULL,

    CONSTRAINT "position_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "feed_answer" (
    "id" TEXT NOT NULL,
    "block_number" BIGINT NOT NULL,
    "block_time" TIMESTAMP(3) NOT NULL,
    "transaction_hash" TEXT NOT NULL,
    "transaction_index" INTEGER NOT NULL,
    "log_index" INTEGER NOT NULL,
    "aggregator" TEXT NOT NULL,
    "answer" DECIMAL(78,0) NOT NULL,
    "round_id" DECIMAL(78,0) NOT NULL,
    "answered_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "feed_answer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "undecodable_log" (
    "id" TEXT NOT NULL,
    "block_number" BIGINT NOT NULL,
    "transaction_hash" TEXT NOT NULL,
    "log_index" INTEGER NOT NULL,
    "address" TEXT NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "undecodable_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "block_job" (
    "id" SERIAL NOT NULL,
    "from_block" BIGINT NOT NULL,
    "to_block" BIGINT NOT NULL,
    "status" "job_status" NOT NULL DEFAULT 'pending',
    "worker" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "claimed_at" TIMESTAMP(3),
    "heartbeat_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "block_job_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "processed_block_status_idx" ON "processed_block"("status");

-- CreateIndex
CREATE INDEX "processed_transaction_block_number_idx" ON "processed_transaction"("block_number");

-- CreateIndex
CREATE INDEX "transfer_block_number_idx" ON "transfer"("block_number");

-- CreateIndex
CREATE INDEX "transfer_token_block_number_idx" ON "transfer"("token", "block_number");

-- CreateIndex
CREATE INDEX "transfer_from_address_idx" ON "transfer"("from_address");

-- CreateIndex
CREATE INDEX "transfer_to_address_idx" ON "transfer"("to_address");

-- CreateIndex
CREATE INDEX "pool_swap_block_number_idx" ON "pool_swap"("block_number");

-- CreateIndex
CREATE INDEX "pool_swap_pool_block_number_idx" ON "pool_swap"("pool", "block_number");

-- CreateIndex
CREATE INDEX "pool_swap_taker_idx" ON "pool_swap"("taker");

-- CreateIndex
CREATE INDEX "pool_swap_trade_id_idx" ON "pool_swap"("trade_id");

-- CreateIndex
CREATE INDEX "trade_block_number_idx" ON "trade"("block_number");

-- CreateIndex
CREATE INDEX "trade_taker_idx" ON "trade"("taker");

-- CreateIndex
CREATE INDEX "liquidity_event_block_number_idx" ON "liquidity_event"("block_number");

-- CreateIndex
CREATE INDEX "liquidity_event_pool_block_number_idx" ON "liquidity_event"("pool", "block_number");

-- CreateIndex
CREATE INDEX "liquidity_event_provider_idx" ON "liquidity_event"("provider");

-- CreateIndex
CREATE INDEX "position_block_number_idx" ON "position"("block_number");

-- CreateIndex
CREATE INDEX "position_holder_pool_idx" ON "position"("holder", "pool");

-- CreateIndex
CREATE INDEX "feed_answer_block_number_idx" ON "feed_answer"("block_number");

-- CreateIndex
CREATE INDEX "undecodable_log_block_number_idx" ON "undecodable_log"("block_number");

-- CreateIndex
CREATE INDEX "block_job_status_from_block_idx" ON "block_job"("status", "from_block");

-- CreateIndex
CREATE UNIQUE INDEX "block_job_from_block_to_block_key" ON "block_job"("from_block", "to_block");

-- AddForeignKey
ALTER TABLE "processed_transaction" ADD CONSTRAINT "processed_transaction_block_number_fkey" FOREIGN KEY ("block_number") REFERENCES "processed_block"("number") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transfer" ADD CONSTRAINT "transfer_block_number_fkey" FOREIGN KEY ("block_number") REFERENCES "processed_block"("number") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pool_swap" ADD CONSTRAINT "pool_swap_block_number_fkey" FOREIGN KEY ("block_number") REFERENCES "processed_block"("number") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trade" ADD CONSTRAINT "trade_block_number_fkey" FOREIGN KEY ("block_number") REFERENCES "processed_block"("number") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "liquidity_event" ADD CONSTRAINT "liquidity_event_block_number_fkey" FOREIGN KEY ("block_number") REFERENCES "processed_block"("number") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "position" ADD CONSTRAINT "position_block_number_fkey" FOREIGN KEY ("block_number") REFERENCES "processed_block"("number") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "feed_answer" ADD CONSTRAINT "feed_answer_block_number_fkey" FOREIGN KEY ("block_number") REFERENCES "processed_block"("number") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "undecodable_log" ADD CONSTRAINT "undecodable_log_block_number_fkey" FOREIGN KEY ("block_number") REFERENCES "processed_block"("number") ON DELETE CASCADE ON UPDATE CASCADE;

-- idx: constraints the Prisma schema cannot express, enforced by the database itself.
ALTER TABLE "block_job" ADD CONSTRAINT "block_job_range" CHECK ("from_block" >= 0 AND "to_block" >= "from_block");
ALTER TABLE "transfer" ADD CONSTRAINT "transfer_amount" CHECK ("amount" >= 0);
ALTER TABLE "pool_swap" ADD CONSTRAINT "pool_swap_amounts" CHECK ("base_amount" >= 0 AND "quote_amount" >= 0);
ALTER TABLE "trade" ADD CONSTRAINT "trade_amounts" CHECK ("base_amount" >= 0 AND "quote_amount" >= 0 AND "swap_count" >= 1);
ALTER TABLE "liquidity_event" ADD CONSTRAINT "liquidity_event_amounts" CHECK ("base_amount" >= 0 AND "quote_amount" >= 0);

-- This database is an idx model database (checked by `idx db reset`).
-- `idx migrate --model NAME` records the model's name.
INSERT INTO "_idx_database" ("kind") VALUES ('model');
