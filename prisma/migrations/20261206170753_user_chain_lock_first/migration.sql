-- A move takes the chain lock before it locks any row. The row trigger took it only after the
-- moved row was locked (PostgreSQL locks a row before its BEFORE trigger runs), so two raw moves
-- could deadlock: one held the lock and rewrote its subtree, waiting for a row the other had
-- locked while it waited for the lock. Statement triggers run before any row is touched.
CREATE FUNCTION "user_chain_lock"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('authz:management-chain'));
  RETURN NULL;
END $$;

-- Any statement that may move someone: a manager set (the foreign key's SET NULL included), a
-- chain written directly (overwritten by the row trigger), a user deleted (their reports move up).
CREATE TRIGGER "user_chain_lock_update" BEFORE UPDATE OF "managerId", "ancestors" ON "User"
  FOR EACH STATEMENT EXECUTE FUNCTION "user_chain_lock"();
CREATE TRIGGER "user_chain_lock_delete" BEFORE DELETE ON "User"
  FOR EACH STATEMENT EXECUTE FUNCTION "user_chain_lock"();
