export { authLogger } from "./auth-logger";
export { authAdapter } from "./adapter";
export { googleProvider, type GoogleConfig } from "./provider";
export { authorizeGoogleSignIn, googleErrorPath } from "./sign-in";
export { listSignInMethods, unlinkGoogle, type SignInMethods } from "./methods";
export { decideGoogleSignIn, GOOGLE_PROVIDER_ID, type GoogleRefusal } from "./linking";
