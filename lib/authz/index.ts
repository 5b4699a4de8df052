export { authorize, authorizePermission, loadAccess, requirePermission, type Access } from "./access";
export { lockManagementChain, relationTo, relationsTo, wouldCreateCycle } from "./chain";
export { can, decide, visibility, type Actor, type Decision, type PolicyRequest, type Relation } from "./policy";
export { ALL_PERMISSIONS, isPermission, type Permission } from "./permissions";
export { ADMIN_ROLE, DEFAULT_ROLE, MANAGER_ROLE } from "./builtin-roles";
export { createRole, deleteRole, getRole, listRoles, updateRole } from "./roles";
export { authenticateWithAccess } from "./caller";
