CREATE TABLE "widget" ("id" INTEGER NOT NULL, "name" TEXT NOT NULL, CONSTRAINT "widget_pkey" PRIMARY KEY ("id"));
CREATE TABLE "_idx_database" ("kind" TEXT NOT NULL PRIMARY KEY, "model" TEXT, "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP);
INSERT INTO "_idx_database" ("kind") VALUES ('model');
