-- Trades as the wallet saw them (the model's target_asset): a trade is one
-- wallet's swaps in one transaction, its amounts the wallet's net flows over
-- them, a buy, a sell or an arbitrage (no direction), with the router the
-- transaction was sent to and what an aggregator reported.
--
-- Rows written before this migration keep their amounts (their route's ends)
-- and get: wallet = taker, trade_type 'trade', asset_legs = their swaps in a
-- pool of their base token, net_flows from their swaps, no router or
-- aggregator amounts. Processing their blocks again (or `idx pricing update`
-- for their values) makes them what a new row is.

-- CreateEnum
CREATE TYPE "trade_type" AS ENUM ('trade', 'arbitrage');

-- AlterTable: nullable first, filled, then NOT NULL (never a NOT NULL column without a default on a populated table).
ALTER TABLE "trade" ADD COLUMN     "aggregator_amount_in" DECIMAL(78,0),
ADD COLUMN     "aggregator_amount_out" DECIMAL(78,0),
ADD COLUMN     "aggregator_token_in" TEXT,
ADD COLUMN     "aggregator_token_out" TEXT,
ADD COLUMN     "asset_legs" TEXT[],
ADD COLUMN     "net_flows" JSONB,
ADD COLUMN     "router" TEXT,
ADD COLUMN     "router_label" TEXT,
ADD COLUMN     "trade_type" "trade_type" NOT NULL DEFAULT 'trade',
ADD COLUMN     "wallet" TEXT,
ALTER COLUMN "direction" DROP NOT NULL;

UPDATE "trade" SET "wallet" = "taker";

UPDATE "trade" t SET "asset_legs" = coalesce(
  (SELECT array_agg(s."id" ORDER BY s."log_index") FROM "pool_swap" s
    WHERE s."id" = ANY (t."route") AND (s."base_token" = t."base_token" OR s."quote_token" = t."base_token")),
  ARRAY[]::TEXT[]);

UPDATE "trade" t SET "net_flows" = (
  SELECT jsonb_object_agg(f."token", f."amount"::TEXT) FROM (
    SELECT v."token", sum(v."amount") AS "amount" FROM "pool_swap" s
      CROSS JOIN LATERAL (VALUES
        (s."base_token", CASE WHEN s."direction" = 'buy' THEN s."base_amount" ELSE -s."base_amount" END),
        (s."quote_token", CASE WHEN s."direction" = 'buy' THEN -s."quote_amount" ELSE s."quote_amount" END)
      ) AS v("token", "amount")
     WHERE s."id" = ANY (t."route")
     GROUP BY v."token") f);

ALTER TABLE "trade" ALTER COLUMN "wallet" SET NOT NULL;

-- CreateIndex
CREATE INDEX "trade_wallet_idx" ON "trade"("wallet");
