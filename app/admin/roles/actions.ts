"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { actionErrorState, formValues } from "@/components/forms/action-state";
import { errorState, successState, type FormState } from "@/components/forms/form-state";
import { requestMeta } from "@/lib/auth/session";
import { createRole, deleteRole, getRole, updateRole } from "@/lib/authz";
import type { ErrorCode } from "@/lib/errors";
import { validate } from "@/lib/http";
import { CreateRoleSchema, pathId, UpdateRoleSchema } from "@/lib/validation";
import { requireAdminAction } from "../action-session";

const MESSAGES: Partial<Record<ErrorCode, string>> = {
  not_found: "This role no longer exists.",
  conflict: "Please correct the highlighted fields.",
};

/** A level from a form: a number for the schema to judge ("" and words become NaN, which it refuses). */
const levelOf = (value: string) => (value.trim() === "" ? undefined : Number(value));

const permissionsOf = (formData: FormData) =>
  formData.getAll("permissions").filter((value): value is string => typeof value === "string");

/** A new role (below the caller's own level). */
export async function createRoleAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireAdminAction("/admin/roles");
  const values = formValues(formData, ["name", "level", "description"]);
  const permissions = permissionsOf(formData);
  try {
    const input = validate(CreateRoleSchema, {
      name: values.name,
      level: levelOf(values.level),
      description: values.description,
      permissions,
    });
    const role = await createRole(actor, input, requestMeta(await headers()));
    revalidatePath("/admin/roles");
    return successState(`The role ${role.name} has been created.`);
  } catch (error) {
    return actionErrorState(error, { ...values, permissions: permissions.join(",") }, MESSAGES);
  }
}

/**
 * A role's permissions, description, and (for roles that are not built in) name and level. A
 * built-in role's form has no name or level fields, so nothing asks to change them. Permissions
 * the caller does not hold are shown disabled and not submitted: the role keeps them (and the
 * policy then decides whether the caller may edit such a role at all).
 */
export async function updateRoleAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireAdminAction("/admin/roles");
  const values = formValues(formData, ["id", "name", "level", "description"]);
  const permissions = permissionsOf(formData);
  try {
    const id = pathId(values.id);
    const kept = (await getRole(actor, id)).permissions.filter((permission) => !actor.permissions.has(permission));
    const input = validate(UpdateRoleSchema, {
      ...(formData.has("name") && { name: values.name }),
      ...(formData.has("level") && { level: levelOf(values.level) ?? Number.NaN }),
      description: values.description,
      permissions: [...kept, ...permissions],
    });
    const role = await updateRole(actor, id, input, requestMeta(await headers()));
    revalidatePath("/admin/roles");
    revalidatePath(`/admin/roles/${id}`);
    return successState(`The role ${role.name} has been saved.`);
  } catch (error) {
    return actionErrorState(error, { ...values, permissions: permissions.join(",") }, MESSAGES);
  }
}

/** Deletes a role nobody holds, once the confirmation box is ticked. */
export async function deleteRoleAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireAdminAction("/admin/roles");
  const { id: rawId, confirm } = formValues(formData, ["id", "confirm"]);
  try {
    const id = pathId(rawId);
    if (confirm !== "yes") {
      return errorState("Confirm the deletion first.", {
        fieldErrors: { confirm: ["Tick the box to confirm that the role should be deleted."] },
      });
    }
    await deleteRole(actor, id, requestMeta(await headers()));
  } catch (error) {
    return actionErrorState(error, {}, MESSAGES);
  }
  revalidatePath("/admin/roles");
  redirect("/admin/roles?notice=deleted");
}
