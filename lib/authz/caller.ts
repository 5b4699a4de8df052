import { authenticate, type CurrentSession } from "../auth/session";
import { loadAccess, type Access } from "./access";

/** Route handlers: the authenticated caller (401 otherwise) with their effective access. */
export async function authenticateWithAccess(request: Request): Promise<{ session: CurrentSession; actor: Access }> {
  const session = await authenticate(request);
  return { session, actor: await loadAccess(session.userId) };
}
