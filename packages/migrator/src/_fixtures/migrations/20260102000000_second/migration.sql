ALTER TABLE "widget" ADD COLUMN "amount" DECIMAL(78,0);
CREATE UNIQUE INDEX "widget_name_key" ON "widget"("name");
