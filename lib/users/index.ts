export { revokeUserSessions, sendResetLink } from "./admin-actions";
export { createManagedUser } from "./create";
export { deleteUser } from "./delete";
export { getUser, listUsers, type UserPage } from "./list";
export { updateUser } from "./update";
