"use client";

import { useActionState } from "react";
import { EmailField, Field, NameField, UsernameField } from "@/components/forms/field";
import { Form } from "@/components/forms/form";
import { idleState } from "@/components/forms/form-state";
import { SubmitButton } from "@/components/forms/submit-button";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/validation/fields";
import { CheckboxGroup, SelectField, type Choice } from "../../choice-fields";
import { createUserAction } from "../actions";
import { CARD_PANEL } from "@/components/ui/card";

const FIELDS = {
  username: "Username",
  email: "Email",
  firstName: "First name",
  lastName: "Last name",
  roleIds: "Roles",
  managerId: "Manager",
  password: "Password",
} as const;

export function CreateUserForm({
  roles,
  defaultRoleIds,
  managers,
  defaultManagerId,
}: {
  /** The roles the viewer may grant, or null when they may not read roles (the default role applies). */
  roles: Choice[] | null;
  defaultRoleIds: string[];
  managers: Choice[];
  defaultManagerId: string;
}) {
  const [state, action] = useActionState(createUserAction, idleState);
  return (
    <Form
      id="create-user"
      action={action}
      state={state}
      fields={FIELDS}
      labelledBy="create-user-title"
      className={CARD_PANEL}
    >
      <UsernameField name="username" label={FIELDS.username} />
      <EmailField name="email" label={FIELDS.email} />
      <NameField name="firstName" label={FIELDS.firstName} part="given" />
      <NameField name="lastName" label={FIELDS.lastName} part="family" />
      {roles ? (
        <>
          <input type="hidden" name="rolesOffered" value="1" />
          <CheckboxGroup
            name="roleIds"
            legend={FIELDS.roleIds}
            choices={roles}
            checked={defaultRoleIds}
            hint="Only roles below your own level can be granted."
          />
        </>
      ) : (
        <p className="hint">The account gets the default role.</p>
      )}
      <SelectField name="managerId" label={FIELDS.managerId} choices={managers} defaultValue={defaultManagerId} />
      <Field
        name="password"
        label={FIELDS.password}
        type="password"
        autoComplete="new-password"
        hint={`Leave empty to email an invitation: the person chooses their own password from a link valid for 7 days. Otherwise ${PASSWORD_MIN}–${PASSWORD_MAX} characters.`}
      />
      <div className="actions">
        <SubmitButton pendingLabel="Creating…">Create user</SubmitButton>
      </div>
    </Form>
  );
}
