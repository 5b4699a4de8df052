export { problemBody, problemResponse, toProblem, zodFieldErrors, PROBLEM_CONTENT_TYPE } from "./problem";
export { MAX_BODY_BYTES, parseJsonText, readBodyBytes, readBodyText, readJson, readQuery, validate } from "./body";
export { isCrossSiteRequest } from "./origin";
export { route } from "./handler";
export { decryptJweBody, publicJwks, readJsonOrJwe, JOSE_CONTENT_TYPE } from "./jwe-body";
export { NO_STORE, oauthRoute, readOAuthBody, toOAuthError } from "./oauth";
