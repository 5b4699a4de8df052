"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { actionErrorState } from "@/components/forms/action-state";
import { successState, type FormState } from "@/components/forms/form-state";
import { requestMeta } from "@/lib/auth/session";
import { photoFromForm, removePhoto, replacePhoto } from "@/lib/photos";
import { requireActionSession } from "./action-session";

// A profile photo is not a way in: changing or removing it needs no recent sign-in (step-up),
// only the session, like the name. Both are audited (profile.photo_changed / photo_removed).

/**
 * Sets the caller's photo from the form's `photo` file. Without JavaScript the form sends the file
 * alone and the centred square is kept; with it, the cropper adds cropX, cropY and cropSize.
 */
export async function updatePhotoAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const session = await requireActionSession();
  try {
    const { file, crop } = await photoFromForm(formData);
    await replacePhoto(session.userId, file, crop, requestMeta(await headers()));
    revalidatePath("/account", "layout");
    return successState("Your photo has been updated.");
  } catch (error) {
    return actionErrorState(
      error,
      {},
      { service_unavailable: "Too many photos are being processed. Try again shortly." },
    );
  }
}

export async function removePhotoAction(_previous: FormState, _formData: FormData): Promise<FormState> {
  const session = await requireActionSession();
  try {
    await removePhoto(session.userId, requestMeta(await headers()));
    revalidatePath("/account", "layout");
    return successState("Your photo has been removed.");
  } catch (error) {
    return actionErrorState(error, {});
  }
}
