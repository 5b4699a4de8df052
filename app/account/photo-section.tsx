import { Avatar } from "@/components/avatar";
import { PhotoForm, RemovePhotoForm } from "./photo-form";
import { AccountSection } from "./account-section";
import styles from "./photo.module.css";

/** "Profile photo" on /account (Profile): the current photo (or initials), upload with a crop, and remove. */
export function PhotoSection({ name, photoUrl }: { name: string; photoUrl: string | null }) {
  return (
    <AccountSection titleId="photo-title" title="Profile photo">
      <div className={styles.current}>
        <Avatar name={name} photoUrl={photoUrl} size={96} />
        <p>
          {photoUrl
            ? "This is your photo: people see it beside your name."
            : "You have no photo: people see your initials beside your name."}
        </p>
      </div>
      <PhotoForm hasPhoto={photoUrl !== null} />
      <RemovePhotoForm hasPhoto={photoUrl !== null} />
    </AccountSection>
  );
}
