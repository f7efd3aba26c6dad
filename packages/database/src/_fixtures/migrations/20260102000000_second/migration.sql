ALTER TABLE "widget" ADD COLUMN "amount" DECIMAL(78,0);
CREATE UNIQUE INDEX "widget_name_key" ON "widget"("name");
-- A comment with a semicolon; and a string with one, which adapters must not split on.
COMMENT ON TABLE "widget" IS 'widgets; the fixture table';
