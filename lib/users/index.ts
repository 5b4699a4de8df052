export { revokeUserSessions, sendResetLink } from "./admin-actions";
export { createManagedUser } from "./create";
export { deleteUser } from "./delete";
export { getUser, listUsers, type UserPage } from "./list";
export { resetSecondFactors, type SecondFactorsReset } from "./mfa-reset";
export { updateUser } from "./update";
