-- CreateEnum
CREATE TYPE "denomination" AS ENUM ('USD', 'AVAX');

-- CreateEnum
CREATE TYPE "swap_valuation_method" AS ENUM ('DIRECT_AVAX', 'DIRECT_USD', 'GLOBAL', 'ERROR');

-- CreateEnum
CREATE TYPE "pricing_tier" AS ENUM ('model_config', 'contract_default', 'global');

-- CreateEnum
CREATE TYPE "trade_valuation_method" AS ENUM ('DIRECT', 'GLOBAL', 'ERROR');

-- CreateTable
CREATE TABLE "swap_valuation" (
    "swap_id" TEXT NOT NULL,
    "denomination" "denomination" NOT NULL,
    "block_number" BIGINT NOT NULL,
    "block_time" TIMESTAMP(3) NOT NULL,
    "pool" TEXT NOT NULL,
    "base_token" TEXT NOT NULL,
    "method" "swap_valuation_method" NOT NULL,
    "value" DECIMAL(78,30),
    "price" DECIMAL(78,30),
    "tier" "pricing_tier" NOT NULL,
    "config_id" INTEGER,
    "contract_id" INTEGER,
    "avax_usd" DECIMAL(40,18),
    "avax_usd_block" BIGINT,
    "stale" BOOLEAN,
    "canonical_period_start" TIMESTAMP(3),
    "error_code" TEXT,
    "reason" TEXT,

    CONSTRAINT "swap_valuation_pkey" PRIMARY KEY ("swap_id","denomination")
);

-- CreateTable
CREATE TABLE "trade_valuation" (
    "trade_id" TEXT NOT NULL,
    "denomination" "denomination" NOT NULL,
    "block_number" BIGINT NOT NULL,
    "method" "trade_valuation_method" NOT NULL,
    "value" DECIMAL(78,30),
    "stale" BOOLEAN,
    "error_code" TEXT,
    "reason" TEXT,

    CONSTRAINT "trade_valuation_pkey" PRIMARY KEY ("trade_id","denomination")
);

-- CreateTable
CREATE TABLE "canonical_price" (
    "token" TEXT NOT NULL,
    "period_seconds" INTEGER NOT NULL,
    "period_start" TIMESTAMP(3) NOT NULL,
    "price_usd" DECIMAL(78,30),
    "price_avax" DECIMAL(78,30),
    "carried_forward" BOOLEAN NOT NULL,
    "priced_period_start" TIMESTAMP(3),
    "deviating_since" TIMESTAMP(3),
    "reason" TEXT,
    "volume_usd" DECIMAL(78,30) NOT NULL,
    "volume_avax" DECIMAL(78,30) NOT NULL,
    "base_volume" DECIMAL(78,0) NOT NULL,
    "swap_count" INTEGER NOT NULL,
    "window_swap_count" INTEGER NOT NULL,
    "kept_swap_count" INTEGER NOT NULL,
    "kept_volume_usd" DECIMAL(78,30) NOT NULL,
    "reference_price_usd" DECIMAL(78,30),
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "canonical_price_pkey" PRIMARY KEY ("token","period_seconds","period_start")
);

-- CreateIndex
CREATE INDEX "swap_valuation_block_number_idx" ON "swap_valuation"("block_number");

-- CreateIndex
CREATE INDEX "swap_valuation_base_token_block_time_idx" ON "swap_valuation"("base_token", "block_time");

-- CreateIndex
CREATE INDEX "trade_valuation_block_number_idx" ON "trade_valuation"("block_number");

-- AddForeignKey
ALTER TABLE "swap_valuation" ADD CONSTRAINT "swap_valuation_swap_id_fkey" FOREIGN KEY ("swap_id") REFERENCES "pool_swap"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trade_valuation" ADD CONSTRAINT "trade_valuation_trade_id_fkey" FOREIGN KEY ("trade_id") REFERENCES "trade"("id") ON DELETE CASCADE ON UPDATE CASCADE;
