-- CreateEnum
CREATE TYPE "token_type" AS ENUM ('erc20', 'wrapped_native', 'stable', 'lp_receipt');

-- CreateEnum
CREATE TYPE "pricing_default" AS ENUM ('direct_avax', 'direct_usd', 'global');

-- CreateEnum
CREATE TYPE "source_type" AS ENUM ('rpc', 'stored_blocks');

-- CreateEnum
CREATE TYPE "model_status" AS ENUM ('active', 'paused', 'retired');

-- CreateEnum
CREATE TYPE "pool_pricing_method" AS ENUM ('direct_avax', 'direct_usd', 'global', 'use_global_default');

-- CreateTable
CREATE TABLE "_idx_database" (
    "kind" TEXT NOT NULL,
    "model" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "_idx_database_pkey" PRIMARY KEY ("kind")
);

-- CreateTable
CREATE TABLE "chain" (
    "id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "native_symbol" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "chain_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "token" (
    "id" SERIAL NOT NULL,
    "chain_id" INTEGER NOT NULL,
    "address" TEXT NOT NULL,
    "symbol" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "decimals" INTEGER NOT NULL,
    "type" "token_type" NOT NULL,
    "project" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "token_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contract" (
    "id" SERIAL NOT NULL,
    "chain_id" INTEGER NOT NULL,
    "address" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "project" TEXT,
    "abi" TEXT NOT NULL,
    "transformer" JSONB,
    "base_token_id" INTEGER,
    "quote_token_id" INTEGER,
    "pricing_method" "pricing_default",
    "pricing_start_block" BIGINT,
    "pricing_end_block" BIGINT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "contract_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "labelled_address" (
    "id" SERIAL NOT NULL,
    "chain_id" INTEGER NOT NULL,
    "address" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "project" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "labelled_address_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "source" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "type" "source_type" NOT NULL,
    "settings" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "price_feed" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "chain_id" INTEGER NOT NULL,
    "address" TEXT NOT NULL,
    "decimals" INTEGER NOT NULL,
    "heartbeat_seconds" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "price_feed_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "description" TEXT,
    "database_name" TEXT NOT NULL,
    "start_block" BIGINT NOT NULL,
    "status" "model_status" NOT NULL DEFAULT 'active',
    "canonical_pricing" JSONB,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "model_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_contract" (
    "model_id" INTEGER NOT NULL,
    "contract_id" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_contract_pkey" PRIMARY KEY ("model_id","contract_id")
);

-- CreateTable
CREATE TABLE "model_token" (
    "model_id" INTEGER NOT NULL,
    "token_id" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_token_pkey" PRIMARY KEY ("model_id","token_id")
);

-- CreateTable
CREATE TABLE "model_source" (
    "model_id" INTEGER NOT NULL,
    "source_id" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_source_pkey" PRIMARY KEY ("model_id","source_id")
);

-- CreateTable
CREATE TABLE "pool_pricing_config" (
    "id" SERIAL NOT NULL,
    "model_id" INTEGER NOT NULL,
    "pool_id" INTEGER NOT NULL,
    "start_block" BIGINT NOT NULL,
    "end_block" BIGINT,
    "method" "pool_pricing_method" NOT NULL,
    "pricing_pool" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "pool_pricing_config_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "avax_usd_price" (
    "chain_id" INTEGER NOT NULL,
    "block_number" BIGINT NOT NULL,
    "answer" DECIMAL(78,0) NOT NULL,
    "price" DECIMAL(40,18) NOT NULL,
    "round_id" DECIMAL(78,0) NOT NULL,
    "answered_at" TIMESTAMP(3) NOT NULL,
    "block_time" TIMESTAMP(3) NOT NULL,
    "stale" BOOLEAN NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "avax_usd_price_pkey" PRIMARY KEY ("chain_id","block_number")
);

-- CreateTable
CREATE TABLE "canonical_token_price" (
    "model_id" INTEGER NOT NULL,
    "token_id" INTEGER NOT NULL,
    "period_seconds" INTEGER NOT NULL,
    "period_start" TIMESTAMP(3) NOT NULL,
    "price_usd" DECIMAL(78,30) NOT NULL,
    "price_avax" DECIMAL(78,30) NOT NULL,
    "volume_usd" DECIMAL(78,30) NOT NULL,
    "base_volume" DECIMAL(78,0) NOT NULL,
    "swap_count" INTEGER NOT NULL,
    "carried_forward" BOOLEAN NOT NULL DEFAULT false,
    "reason" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "canonical_token_price_pkey" PRIMARY KEY ("model_id","token_id","period_seconds","period_start")
);

-- CreateIndex
CREATE UNIQUE INDEX "chain_name_key" ON "chain"("name");

-- CreateIndex
CREATE UNIQUE INDEX "token_chain_id_address_key" ON "token"("chain_id", "address");

-- CreateIndex
CREATE INDEX "contract_base_token_id_idx" ON "contract"("base_token_id");

-- CreateIndex
CREATE INDEX "contract_quote_token_id_idx" ON "contract"("quote_token_id");

-- CreateIndex
CREATE UNIQUE INDEX "contract_chain_id_address_key" ON "contract"("chain_id", "address");

-- CreateIndex
CREATE UNIQUE INDEX "labelled_address_chain_id_address_key" ON "labelled_address"("chain_id", "address");

-- CreateIndex
CREATE UNIQUE INDEX "source_name_key" ON "source"("name");

-- CreateIndex
CREATE UNIQUE INDEX "price_feed_name_key" ON "price_feed"("name");

-- CreateIndex
CREATE UNIQUE INDEX "model_name_key" ON "model"("name");

-- CreateIndex
CREATE UNIQUE INDEX "model_database_name_key" ON "model"("database_name");

-- CreateIndex
CREATE INDEX "model_contract_contract_id_idx" ON "model_contract"("contract_id");

-- CreateIndex
CREATE INDEX "model_token_token_id_idx" ON "model_token"("token_id");

-- CreateIndex
CREATE INDEX "model_source_source_id_idx" ON "model_source"("source_id");

-- CreateIndex
CREATE INDEX "pool_pricing_config_pool_id_idx" ON "pool_pricing_config"("pool_id");

-- CreateIndex
CREATE UNIQUE INDEX "pool_pricing_config_model_id_pool_id_start_block_key" ON "pool_pricing_config"("model_id", "pool_id", "start_block");

-- AddForeignKey
ALTER TABLE "token" ADD CONSTRAINT "token_chain_id_fkey" FOREIGN KEY ("chain_id") REFERENCES "chain"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract" ADD CONSTRAINT "contract_chain_id_fkey" FOREIGN KEY ("chain_id") REFERENCES "chain"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract" ADD CONSTRAINT "contract_base_token_id_fkey" FOREIGN KEY ("base_token_id") REFERENCES "token"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract" ADD CONSTRAINT "contract_quote_token_id_fkey" FOREIGN KEY ("quote_token_id") REFERENCES "token"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "labelled_address" ADD CONSTRAINT "labelled_address_chain_id_fkey" FOREIGN KEY ("chain_id") REFERENCES "chain"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "price_feed" ADD CONSTRAINT "price_feed_chain_id_fkey" FOREIGN KEY ("chain_id") REFERENCES "chain"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_contract" ADD CONSTRAINT "model_contract_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_contract" ADD CONSTRAINT "model_contract_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contract"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_token" ADD CONSTRAINT "model_token_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_token" ADD CONSTRAINT "model_token_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "token"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_source" ADD CONSTRAINT "model_source_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_source" ADD CONSTRAINT "model_source_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pool_pricing_config" ADD CONSTRAINT "pool_pricing_config_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pool_pricing_config" ADD CONSTRAINT "pool_pricing_config_pool_id_fkey" FOREIGN KEY ("pool_id") REFERENCES "contract"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "avax_usd_price" ADD CONSTRAINT "avax_usd_price_chain_id_fkey" FOREIGN KEY ("chain_id") REFERENCES "chain"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "canonical_token_price" ADD CONSTRAINT "canonical_token_price_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "canonical_token_price" ADD CONSTRAINT "canonical_token_price_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "token"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- idx: constraints the Prisma schema cannot express, enforced by the database itself.

-- Addresses are stored in one canonical form: lowercase 0x + 40 hex digits.
ALTER TABLE "token" ADD CONSTRAINT "token_address_lowercase" CHECK ("address" ~ '^0x[0-9a-f]{40}$');
ALTER TABLE "contract" ADD CONSTRAINT "contract_address_lowercase" CHECK ("address" ~ '^0x[0-9a-f]{40}$');
ALTER TABLE "labelled_address" ADD CONSTRAINT "labelled_address_address_lowercase" CHECK ("address" ~ '^0x[0-9a-f]{40}$');
ALTER TABLE "price_feed" ADD CONSTRAINT "price_feed_address_lowercase" CHECK ("address" ~ '^0x[0-9a-f]{40}$');

ALTER TABLE "token" ADD CONSTRAINT "token_decimals_range" CHECK ("decimals" BETWEEN 0 AND 255);

-- A pool has both a base and a quote token, and they differ. A pricing range is non-empty.
ALTER TABLE "contract" ADD CONSTRAINT "contract_pool_tokens" CHECK (("base_token_id" IS NULL) = ("quote_token_id" IS NULL) AND ("base_token_id" IS NULL OR "base_token_id" <> "quote_token_id"));
ALTER TABLE "contract" ADD CONSTRAINT "contract_pricing_needs_pool" CHECK ("pricing_method" IS NULL OR "base_token_id" IS NOT NULL);
ALTER TABLE "contract" ADD CONSTRAINT "contract_pricing_range" CHECK ("pricing_start_block" >= 0 AND ("pricing_end_block" IS NULL OR "pricing_end_block" > "pricing_start_block"));
ALTER TABLE "pool_pricing_config" ADD CONSTRAINT "pool_pricing_config_range" CHECK ("start_block" >= 0 AND ("end_block" IS NULL OR "end_block" > "start_block"));
ALTER TABLE "model" ADD CONSTRAINT "model_start_block" CHECK ("start_block" >= 0);
ALTER TABLE "avax_usd_price" ADD CONSTRAINT "avax_usd_price_positive" CHECK ("answer" > 0);

-- This database is idx's shared database (checked by `idx db reset`, which never drops it).
INSERT INTO "_idx_database" ("kind") VALUES ('shared');
