export { registerAccount } from "./register";
export { activateAccount, resendActivation } from "./activation";
export { changePassword, requestPasswordReset, resetPassword } from "./password";
export { setInitialPassword } from "./initial-password";
export { changeUsername, updateProfile } from "./profile";
export { getMe } from "./me";
export type { Me } from "../validation/responses";
export type { RequestMeta } from "../auth/session/meta";
export type { RegisterInput } from "../validation/forms";
