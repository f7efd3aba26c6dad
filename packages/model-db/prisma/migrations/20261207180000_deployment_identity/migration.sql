-- A model database records the deployment it belongs to (its shared
-- database's id) and that shared database's name. idx writes both in the
-- first migration's transaction of a database it creates (adding these
-- columns there). A model database created before stays without them until
-- the operator adopts it (`idx db adopt --model NAME`): another deployment on
-- the same server may be using it, so no id is guessed here.

-- AlterTable
ALTER TABLE "_idx_database" ADD COLUMN IF NOT EXISTS "deployment" TEXT,
ADD COLUMN IF NOT EXISTS "shared_database" TEXT;
