-- Period aggregates of what a model indexed: per priced token and period (1 min, 5 min, 1 h,
-- 4 h, 1 d) its candles (from canonical_price) and its trades' volume, buys, sells and
-- distinct takers; per pool, its swaps' volume, count and valuation methods; per router and
-- trade type, its trades. Derived rows, recomputed from the
-- stored rows for every period a write touches. A database with blocks processed before this
-- migration gets its aggregates with `idx stats rebuild --model NAME`.

-- CreateTable
CREATE TABLE "token_period_stat" (
    "token" TEXT NOT NULL,
    "period_seconds" INTEGER NOT NULL,
    "period_start" TIMESTAMP(3) NOT NULL,
    "open_usd" DECIMAL(78,30),
    "high_usd" DECIMAL(78,30),
    "low_usd" DECIMAL(78,30),
    "close_usd" DECIMAL(78,30),
    "open_avax" DECIMAL(78,30),
    "high_avax" DECIMAL(78,30),
    "low_avax" DECIMAL(78,30),
    "close_avax" DECIMAL(78,30),
    "base_volume" DECIMAL(78,0) NOT NULL,
    "volume_usd" DECIMAL(78,30) NOT NULL,
    "volume_avax" DECIMAL(78,30) NOT NULL,
    "buy_base_volume" DECIMAL(78,0) NOT NULL,
    "buy_volume_usd" DECIMAL(78,30) NOT NULL,
    "buy_volume_avax" DECIMAL(78,30) NOT NULL,
    "sell_base_volume" DECIMAL(78,0) NOT NULL,
    "sell_volume_usd" DECIMAL(78,30) NOT NULL,
    "sell_volume_avax" DECIMAL(78,30) NOT NULL,
    "trade_count" INTEGER NOT NULL,
    "buy_count" INTEGER NOT NULL,
    "sell_count" INTEGER NOT NULL,
    "unvalued_count" INTEGER NOT NULL,
    "taker_count" INTEGER NOT NULL,

    CONSTRAINT "token_period_stat_pkey" PRIMARY KEY ("token","period_seconds","period_start")
);

-- CreateTable
CREATE TABLE "pool_period_stat" (
    "pool" TEXT NOT NULL,
    "period_seconds" INTEGER NOT NULL,
    "period_start" TIMESTAMP(3) NOT NULL,
    "base_token" TEXT NOT NULL,
    "quote_token" TEXT NOT NULL,
    "base_volume" DECIMAL(78,0) NOT NULL,
    "quote_volume" DECIMAL(78,0) NOT NULL,
    "volume_usd" DECIMAL(78,30) NOT NULL,
    "volume_avax" DECIMAL(78,30) NOT NULL,
    "buy_count" INTEGER NOT NULL,
    "sell_count" INTEGER NOT NULL,
    "swap_count" INTEGER NOT NULL,
    "unvalued_count" INTEGER NOT NULL,
    "direct_avax_count" INTEGER NOT NULL,
    "direct_avax_volume_usd" DECIMAL(78,30) NOT NULL,
    "direct_usd_count" INTEGER NOT NULL,
    "direct_usd_volume_usd" DECIMAL(78,30) NOT NULL,
    "global_count" INTEGER NOT NULL,
    "global_volume_usd" DECIMAL(78,30) NOT NULL,

    CONSTRAINT "pool_period_stat_pkey" PRIMARY KEY ("pool","period_seconds","period_start")
);

-- CreateTable
CREATE TABLE "router_period_stat" (
    "router" TEXT NOT NULL,
    "trade_type" "trade_type" NOT NULL,
    "period_seconds" INTEGER NOT NULL,
    "period_start" TIMESTAMP(3) NOT NULL,
    "router_label" TEXT,
    "trade_count" INTEGER NOT NULL,
    "volume_usd" DECIMAL(78,30) NOT NULL,
    "volume_avax" DECIMAL(78,30) NOT NULL,

    CONSTRAINT "router_period_stat_pkey" PRIMARY KEY ("router","trade_type","period_seconds","period_start")
);

-- CreateIndex
CREATE INDEX "pool_period_stat_period_seconds_period_start_idx" ON "pool_period_stat"("period_seconds", "period_start");

-- CreateIndex
CREATE INDEX "router_period_stat_period_seconds_period_start_idx" ON "router_period_stat"("period_seconds", "period_start");
