-- swap_valuation.avax_usd and avax_usd_block name the AVAX/USD price a row's
-- value was computed with. Until now both rows of a direct swap carried it,
-- also the row that is the quote amount itself (the AVAX row of a DIRECT_AVAX
-- swap, the USD row of a DIRECT_USD swap), which used none. Those rows lose
-- it, as `stale` already did. No schema change: data only.

UPDATE "swap_valuation"
SET "avax_usd" = NULL, "avax_usd_block" = NULL
WHERE ("method" = 'DIRECT_AVAX' AND "denomination" = 'AVAX')
   OR ("method" = 'DIRECT_USD' AND "denomination" = 'USD');
