-- Hand-written: the audit trail's hash chain (lib/audit/chain.ts, docs/decisions/029-tamper-evident-audit-chain.md).
-- Every event's hash covers the previous event's hash and the event's canonical JSON, which Node
-- computes (RFC 8785) and passes in: hash = hex(sha256(prevHash || canonical)).

-- One fixed advisory lock serialises every writer of the chain: appends and the backlog seal
-- (lib/audit/seal.ts). Transaction-scoped, so an append inside a longer transaction keeps the
-- head locked until that transaction commits or rolls back, and the next writer reads a head
-- that is committed. The key is "auditchn" in ASCII.
CREATE FUNCTION lock_audit_chain()
RETURNS void
LANGUAGE sql
AS $$
  SELECT pg_advisory_xact_lock(7022629598041172078);
$$;

-- Appends one event in one round trip: lock, read the head, hash, insert.
CREATE FUNCTION append_audit_event(
  p_id TEXT,
  p_created_at TIMESTAMP(3),
  p_type TEXT,
  p_user_id TEXT,
  p_actor_id TEXT,
  p_ip TEXT,
  p_user_agent TEXT,
  p_data JSONB,
  p_canonical TEXT
)
RETURNS TABLE (event_seq BIGINT, prev_hash TEXT, event_hash TEXT)
LANGUAGE plpgsql
AS $$
DECLARE
  v_prev TEXT;
BEGIN
  -- Under REPEATABLE READ or SERIALIZABLE the snapshot predates the lock: the head read below
  -- could be stale and two events would claim the same predecessor (a fork).
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'append_audit_event must run under READ COMMITTED, not %', current_setting('transaction_isolation');
  END IF;
  PERFORM lock_audit_chain();

  -- The head is the newest chained event; events without a hash (written outside this function)
  -- are not part of the chain and are reported by npm run audit:verify.
  SELECT e."hash" INTO v_prev FROM "AuditEvent" e WHERE e."hash" IS NOT NULL ORDER BY e."seq" DESC LIMIT 1;
  -- The genesis value (GENESIS_HASH in lib/audit/chain.ts).
  v_prev := COALESCE(v_prev, repeat('0', 64));

  RETURN QUERY
  INSERT INTO "AuditEvent" AS e
    ("id", "createdAt", "type", "userId", "actorId", "ip", "userAgent", "data", "prevHash", "hash")
  VALUES
    (p_id, p_created_at, p_type, p_user_id, p_actor_id, p_ip, p_user_agent, p_data, v_prev,
     encode(sha256(convert_to(v_prev || p_canonical, 'UTF8')), 'hex'))
  RETURNING e."seq", e."prevHash", e."hash";
END;
$$;
