-- Hand-written: one refresh-token rotation in one round trip (lib/auth/api-tokens/families.ts).
-- It runs the steps a client transaction would, in the order that matters: the family's row is
-- locked before its token, as revoking a family deletes that row and then (cascade) its tokens,
-- so a refresh racing a revocation waits instead of deadlocking. Concurrent refreshes with one
-- token queue on the family's row; the first claims the token, the others find it used.
CREATE FUNCTION rotate_refresh_token(
  p_token_hash TEXT,
  p_next_id TEXT,
  p_next_hash TEXT,
  p_now TIMESTAMP(3),
  p_ttl_seconds INTEGER
)
RETURNS TABLE (
  outcome TEXT,
  family_id TEXT,
  user_id TEXT,
  session_token TEXT,
  expires TIMESTAMP(3),
  absolute_expires TIMESTAMP(3),
  authenticated_at TIMESTAMP(3)
)
LANGUAGE plpgsql
AS $$
DECLARE
  v_family TEXT;
  v_user TEXT;
  v_session_token TEXT;
  v_absolute TIMESTAMP(3);
  v_authenticated TIMESTAMP(3);
  v_used TIMESTAMP(3);
  v_expires TIMESTAMP(3);
BEGIN
  SELECT r."familyId", r."userId" INTO v_family, v_user FROM "RefreshToken" r WHERE r."tokenHash" = p_token_hash;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'invalid'::TEXT, NULL::TEXT, NULL::TEXT, NULL::TEXT, NULL::TIMESTAMP(3), NULL::TIMESTAMP(3), NULL::TIMESTAMP(3);
    RETURN;
  END IF;

  SELECT s."sessionToken", s."absoluteExpires", s."authenticatedAt"
    INTO v_session_token, v_absolute, v_authenticated
    FROM "Session" s JOIN "User" u ON u."id" = s."userId"
    WHERE s."id" = v_family AND s."kind" = 'API' AND s."absoluteExpires" > p_now
      AND u."isActive" AND u."disabledAt" IS NULL
    FOR UPDATE OF s;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'invalid'::TEXT, v_family, v_user, NULL::TEXT, NULL::TIMESTAMP(3), NULL::TIMESTAMP(3), NULL::TIMESTAMP(3);
    RETURN;
  END IF;

  UPDATE "RefreshToken" SET "usedAt" = p_now
    WHERE "tokenHash" = p_token_hash AND "usedAt" IS NULL AND "expiresAt" > p_now;
  IF NOT FOUND THEN
    SELECT r."usedAt" INTO v_used FROM "RefreshToken" r WHERE r."tokenHash" = p_token_hash;
    RETURN QUERY SELECT CASE WHEN v_used IS NULL THEN 'invalid' ELSE 'reused' END, v_family, v_user,
      NULL::TEXT, NULL::TIMESTAMP(3), NULL::TIMESTAMP(3), NULL::TIMESTAMP(3);
    RETURN;
  END IF;

  v_expires := LEAST(p_now + make_interval(secs => p_ttl_seconds), v_absolute);
  INSERT INTO "RefreshToken" ("id", "userId", "familyId", "tokenHash", "expiresAt", "createdAt")
    VALUES (p_next_id, v_user, v_family, p_next_hash, v_expires, p_now);
  UPDATE "Session" SET "expires" = v_expires, "lastSeenAt" = p_now WHERE "id" = v_family;
  RETURN QUERY SELECT 'rotated'::TEXT, v_family, v_user, v_session_token, v_expires, v_absolute, v_authenticated;
END
$$;
