-- A model's asset (target_asset in its file): its trades are the wallets' net flows
-- of it. Null for every model imported before: their trades stay routes until the
-- model file names one and is imported again. The asset is one of the model's
-- tokens, which a model holds on to (RESTRICT), like model_token.

-- AlterTable
ALTER TABLE "model" ADD COLUMN     "target_asset_id" INTEGER;

-- AddForeignKey
ALTER TABLE "model" ADD CONSTRAINT "model_target_asset_id_fkey" FOREIGN KEY ("target_asset_id") REFERENCES "token"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
