"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { actionErrorState, formValues } from "@/components/forms/action-state";
import { errorState, successState, type FormState } from "@/components/forms/form-state";
import { requestMeta } from "@/lib/auth/session";
import { AppError, type ErrorCode } from "@/lib/errors";
import { validate } from "@/lib/http";
import { createManagedUser, deleteUser, getUser, revokeUserSessions, sendResetLink, updateUser } from "@/lib/users";
import { CreateUserSchema, pathId, UpdateUserSchema } from "@/lib/validation";
import { requireAdminAction } from "../action-session";

// The words for errors the domain answers with; every other error shows its own detail.
const MESSAGES: Partial<Record<ErrorCode, string>> = {
  not_found: "This user no longer exists.",
  conflict: "Please correct the highlighted fields.",
};

/** The user a form acts on (a hidden field; a forged id is refused by the domain's own checks). */
function targetOf(formData: FormData): string {
  const { id } = formValues(formData, ["id"]);
  return pathId(id);
}

/** The checked values of a checkbox group. */
function checked(formData: FormData, name: string): string[] {
  return formData.getAll(name).filter((value): value is string => typeof value === "string");
}

const editPath = (id: string) => `/admin/users/${id}`;

/** Creates an account below the caller; without a password the person is invited by email. */
export async function createUserAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireAdminAction("/admin/users/new");
  const values = formValues(formData, ["username", "email", "firstName", "lastName", "managerId"]);
  const roleIds = checked(formData, "roleIds");
  const password = formData.get("password");
  const invited = typeof password !== "string" || password === "";
  let id: string;
  try {
    const input = validate(CreateUserSchema, {
      username: values.username,
      email: values.email,
      firstName: values.firstName,
      lastName: values.lastName,
      password: invited ? undefined : password,
      // No role boxes were offered (no roles:read): the account gets the default role.
      roleIds: formData.has("rolesOffered") ? roleIds : undefined,
      // "" is "No manager", which only Admins are offered.
      managerId: values.managerId === "" ? null : values.managerId,
    });
    id = (await createManagedUser(actor, input, requestMeta(await headers()))).id;
  } catch (error) {
    return actionErrorState(error, { ...values, roleIds: roleIds.join(",") }, MESSAGES);
  }
  revalidatePath("/admin/users");
  redirect(`${editPath(id)}?notice=${invited ? "invited" : "created"}`);
}

/** Names and email. */
export async function updateUserProfileAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireAdminAction();
  const values = formValues(formData, ["firstName", "lastName", "email"]);
  try {
    const id = targetOf(formData);
    const input = validate(UpdateUserSchema, values);
    await updateUser(actor, id, input, requestMeta(await headers()));
    revalidatePath(editPath(id));
    return successState("The details have been saved.");
  } catch (error) {
    return actionErrorState(error, values, MESSAGES);
  }
}

/**
 * The set of roles. Roles at or above the caller's own level are shown disabled and browsers do
 * not submit disabled boxes, so the ones the user holds are kept here rather than read as "removed".
 */
export async function updateUserRolesAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireAdminAction();
  const roleIds = checked(formData, "roleIds");
  try {
    const id = targetOf(formData);
    const user = await getUser(actor, id);
    const untouchable = user.roles.filter((role) => role.level <= actor.level).map((role) => role.id);
    const input = validate(UpdateUserSchema, { roleIds: [...untouchable, ...roleIds] });
    await updateUser(actor, id, input, requestMeta(await headers()));
    revalidatePath(editPath(id));
    return successState("The roles have been saved.");
  } catch (error) {
    return actionErrorState(error, { roleIds: roleIds.join(",") }, MESSAGES);
  }
}

export async function updateUserManagerAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireAdminAction();
  const values = formValues(formData, ["managerId"]);
  try {
    const id = targetOf(formData);
    const input = validate(UpdateUserSchema, { managerId: values.managerId === "" ? null : values.managerId });
    await updateUser(actor, id, input, requestMeta(await headers()));
    revalidatePath(editPath(id));
    return successState("The manager has been saved.");
  } catch (error) {
    return actionErrorState(error, values, MESSAGES);
  }
}

/** Disables (signing the person out everywhere at once) or enables the account. */
export async function setUserActiveAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireAdminAction();
  const { intent } = formValues(formData, ["intent"]);
  try {
    const id = targetOf(formData);
    if (intent !== "enable" && intent !== "disable")
      throw new AppError("validation_failed", "Choose enable or disable.");
    await updateUser(actor, id, { isActive: intent === "enable" }, requestMeta(await headers()));
    revalidatePath(editPath(id));
    return successState(
      intent === "enable" ? "The account is enabled." : "The account is disabled, and every session has ended.",
    );
  } catch (error) {
    return actionErrorState(error, {}, MESSAGES);
  }
}

/** "Sign out everywhere" and "Send password reset link". */
export async function userAccessAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireAdminAction();
  const { intent } = formValues(formData, ["intent"]);
  try {
    const id = targetOf(formData);
    const meta = requestMeta(await headers());
    if (intent === "revoke-sessions") {
      const count = await revokeUserSessions(actor, id, meta);
      revalidatePath(editPath(id));
      return successState(count === 1 ? "1 session has been signed out." : `${count} sessions have been signed out.`);
    }
    if (intent === "send-reset") {
      await sendResetLink(actor, id, meta);
      return successState("A password reset link is on its way to the user's email address.");
    }
    return errorState("Choose what to do.");
  } catch (error) {
    return actionErrorState(error, {}, MESSAGES);
  }
}

/** Deletes the account once the confirmation box is ticked (a second step that needs no JavaScript). */
export async function deleteUserAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireAdminAction();
  const { confirm } = formValues(formData, ["confirm"]);
  try {
    const id = targetOf(formData);
    if (confirm !== "yes") {
      return errorState("Confirm the deletion first.", {
        fieldErrors: { confirm: ["Tick the box to confirm that the account should be deleted."] },
      });
    }
    await deleteUser(actor, id, requestMeta(await headers()));
  } catch (error) {
    return actionErrorState(error, {}, MESSAGES);
  }
  revalidatePath("/admin/users");
  redirect("/admin/users?notice=deleted");
}
