-- Canonical prices are a model's derived data: they live in the model database
-- (canonical_price), written in the same transaction as the swaps they come
-- from. This table was never written.

-- DropForeignKey
ALTER TABLE "canonical_token_price" DROP CONSTRAINT "canonical_token_price_model_id_fkey";

-- DropForeignKey
ALTER TABLE "canonical_token_price" DROP CONSTRAINT "canonical_token_price_token_id_fkey";

-- DropTable
DROP TABLE "canonical_token_price";
