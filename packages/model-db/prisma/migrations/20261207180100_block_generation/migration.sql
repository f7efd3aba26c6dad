-- A processed block records the model's configuration generation that produced
-- its rows. Blocks processed before idx recorded generations keep NULL.

-- AlterTable
ALTER TABLE "processed_block" ADD COLUMN     "generation" INTEGER;
