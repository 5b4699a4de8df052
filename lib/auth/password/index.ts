export { prehash, hashSync, verifySync } from "./hash";
export { hashPassword, verifyPassword, dummyPasswordHash, POOL_SIZE } from "./pool";
export { passwordPolicyProblems, passwordPolicyErrors, type PasswordContext } from "./policy";
