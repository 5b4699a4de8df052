export { registerAccount } from "./register";
export { activateAccount, resendActivation } from "./activation";
export { changePassword, requestPasswordReset, resetPassword } from "./password";
export { setInitialPassword } from "./initial-password";
export { changeUsername, updateProfile } from "./profile";
export { getMe, type Me } from "./me";
export type { RequestMeta } from "../auth/session/meta";
export type { RegisterInput } from "../validation/forms";
