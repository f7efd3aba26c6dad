-- Configuration generations. A model's generation counts the imports that
-- changed it (or a shared row it uses): processed blocks record the generation
-- that produced them, and a running process stops (or reloads) when it changes.
-- Both new columns have a default, so populated tables migrate as they are:
-- every existing model and pricing config starts at generation 1.
--
-- A pricing config an import changes or removes is first copied into
-- pool_pricing_config_history, keeping its id: a valuation names the config
-- that decided it, and that config stays explainable after the model moved on.

-- AlterTable
ALTER TABLE "model" ADD COLUMN     "generation" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "pool_pricing_config" ADD COLUMN     "generation" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "pool_pricing_config_history" (
    "id" INTEGER NOT NULL,
    "retired_generation" INTEGER NOT NULL,
    "model_id" INTEGER NOT NULL,
    "pool_id" INTEGER NOT NULL,
    "start_block" BIGINT NOT NULL,
    "end_block" BIGINT,
    "method" "pool_pricing_method" NOT NULL,
    "pricing_pool" BOOLEAN NOT NULL,
    "generation" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "retired_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pool_pricing_config_history_pkey" PRIMARY KEY ("id","retired_generation")
);

-- CreateIndex
CREATE INDEX "pool_pricing_config_history_model_id_idx" ON "pool_pricing_config_history"("model_id");

-- CreateIndex
CREATE INDEX "pool_pricing_config_history_pool_id_idx" ON "pool_pricing_config_history"("pool_id");

-- AddForeignKey
ALTER TABLE "pool_pricing_config_history" ADD CONSTRAINT "pool_pricing_config_history_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pool_pricing_config_history" ADD CONSTRAINT "pool_pricing_config_history_pool_id_fkey" FOREIGN KEY ("pool_id") REFERENCES "contract"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
