-- CreateEnum
CREATE TYPE "fee_collection_kind" AS ENUM ('position_collect', 'protocol_collect', 'swap_fee', 'claim');

-- CreateEnum
CREATE TYPE "cl_position_action" AS ENUM ('increase', 'decrease', 'collect', 'transfer');

-- AlterTable
ALTER TABLE "liquidity_event" ADD COLUMN     "liquidity" DECIMAL(78,0),
ADD COLUMN     "position_token_id" DECIMAL(78,0),
ADD COLUMN     "tick_lower" INTEGER,
ADD COLUMN     "tick_upper" INTEGER;

-- AlterTable
ALTER TABLE "pool_swap" ADD COLUMN     "liquidity" DECIMAL(78,0),
ADD COLUMN     "pool_price" DECIMAL(78,30),
ADD COLUMN     "sqrt_price_x96" DECIMAL(78,0),
ADD COLUMN     "tick" INTEGER;

-- CreateTable
CREATE TABLE "fee_collection" (
    "id" TEXT NOT NULL,
    "block_number" BIGINT NOT NULL,
    "block_time" TIMESTAMP(3) NOT NULL,
    "transaction_hash" TEXT NOT NULL,
    "transaction_index" INTEGER NOT NULL,
    "log_index" INTEGER NOT NULL,
    "kind" "fee_collection_kind" NOT NULL,
    "pool" TEXT NOT NULL,
    "pool_type" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "recipient" TEXT,
    "base_token" TEXT NOT NULL,
    "quote_token" TEXT NOT NULL,
    "base_amount" DECIMAL(78,0) NOT NULL,
    "quote_amount" DECIMAL(78,0) NOT NULL,
    "tick_lower" INTEGER,
    "tick_upper" INTEGER,
    "position_token_id" DECIMAL(78,0),

    CONSTRAINT "fee_collection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cl_position_event" (
    "id" TEXT NOT NULL,
    "block_number" BIGINT NOT NULL,
    "block_time" TIMESTAMP(3) NOT NULL,
    "transaction_hash" TEXT NOT NULL,
    "transaction_index" INTEGER NOT NULL,
    "log_index" INTEGER NOT NULL,
    "action" "cl_position_action" NOT NULL,
    "manager" TEXT NOT NULL,
    "token_id" DECIMAL(78,0) NOT NULL,
    "pool" TEXT,
    "tick_lower" INTEGER,
    "tick_upper" INTEGER,
    "liquidity_delta" DECIMAL(78,0) NOT NULL,
    "base_token" TEXT,
    "quote_token" TEXT,
    "base_amount" DECIMAL(78,0),
    "quote_amount" DECIMAL(78,0),
    "from_address" TEXT,
    "to_address" TEXT,

    CONSTRAINT "cl_position_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "fee_collection_block_number_idx" ON "fee_collection"("block_number");

-- CreateIndex
CREATE INDEX "fee_collection_pool_block_number_idx" ON "fee_collection"("pool", "block_number");

-- CreateIndex
CREATE INDEX "cl_position_event_block_number_idx" ON "cl_position_event"("block_number");

-- CreateIndex
CREATE INDEX "cl_position_event_manager_token_id_idx" ON "cl_position_event"("manager", "token_id");

-- CreateIndex
CREATE INDEX "cl_position_event_pool_idx" ON "cl_position_event"("pool");

-- AddForeignKey
ALTER TABLE "fee_collection" ADD CONSTRAINT "fee_collection_block_number_fkey" FOREIGN KEY ("block_number") REFERENCES "processed_block"("number") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cl_position_event" ADD CONSTRAINT "cl_position_event_block_number_fkey" FOREIGN KEY ("block_number") REFERENCES "processed_block"("number") ON DELETE CASCADE ON UPDATE CASCADE;
