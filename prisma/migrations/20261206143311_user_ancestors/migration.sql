-- AlterTable
ALTER TABLE "User" ADD COLUMN     "ancestors" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateIndex
CREATE INDEX "User_ancestors_idx" ON "User" USING GIN ("ancestors");

-- Every user's chain of managers, top first, from "managerId" (the walk a recursive query makes).
WITH RECURSIVE chain ("id", "above") AS (
  SELECT "id", ARRAY[]::TEXT[] FROM "User" WHERE "managerId" IS NULL
  UNION ALL
  SELECT u."id", c."above" || u."managerId" FROM "User" u JOIN chain c ON u."managerId" = c."id"
)
UPDATE "User" u SET "ancestors" = c."above" FROM chain c WHERE u."id" = c."id";

-- A user placed under a manager inherits that manager's chain. Chain changes take turns on the
-- lock lib/users takes before it moves anyone (so it holds no row lock a move could wait for):
-- no other move runs between this read and the update of the moved user's reports below.
CREATE FUNCTION "user_ancestors_place"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' OR NEW."managerId" IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(hashtext('authz:management-chain'));
  END IF;
  IF NEW."managerId" IS NULL THEN
    NEW."ancestors" := ARRAY[]::TEXT[];
  ELSE
    -- An unknown manager leaves it empty: the foreign key refuses the row anyway.
    NEW."ancestors" := COALESCE(
      (SELECT m."ancestors" || m."id" FROM "User" m WHERE m."id" = NEW."managerId"),
      ARRAY[]::TEXT[]);
  END IF;
  RETURN NEW;
END $$;

-- A moved user's reports, direct or not, keep their chain below the moved user and take the new one above.
CREATE FUNCTION "user_ancestors_move_reports"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "User"
  SET "ancestors" = NEW."ancestors" || NEW."id" || "ancestors"[array_position("ancestors", NEW."id") + 1:]
  WHERE "ancestors" @> ARRAY[NEW."id"];
  RETURN NULL;
END $$;

CREATE TRIGGER "user_ancestors_insert" BEFORE INSERT ON "User"
  FOR EACH ROW EXECUTE FUNCTION "user_ancestors_place"();
CREATE TRIGGER "user_ancestors_update" BEFORE UPDATE OF "managerId", "ancestors" ON "User"
  FOR EACH ROW WHEN (OLD."managerId" IS DISTINCT FROM NEW."managerId" OR pg_trigger_depth() = 0)
  EXECUTE FUNCTION "user_ancestors_place"();
CREATE TRIGGER "user_ancestors_moved" AFTER UPDATE OF "managerId" ON "User"
  FOR EACH ROW WHEN (OLD."managerId" IS DISTINCT FROM NEW."managerId")
  EXECUTE FUNCTION "user_ancestors_move_reports"();
