export * from "./fields";
export * from "./forms";
export * from "./paging";
export * from "./permissions";
export * from "./users";
export * from "./audit";
export * from "./passkeys";
export * from "./mfa";
