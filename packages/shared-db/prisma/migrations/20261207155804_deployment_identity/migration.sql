-- A shared database identifies its deployment: model databases record the id
-- of the shared database they belong to, and idx refuses a database of
-- another deployment. idx writes the id in the first migration's transaction
-- of a database it creates (adding this column there); a shared database
-- created before (or migrated by Prisma's own CLI) gets a new random id here.

-- AlterTable
ALTER TABLE "_idx_database" ADD COLUMN IF NOT EXISTS "deployment" TEXT;

UPDATE "_idx_database" SET "deployment" = gen_random_uuid()::text
 WHERE "kind" = 'shared' AND "deployment" IS NULL;
