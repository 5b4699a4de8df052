import { Avatar } from "@/components/avatar";
import { PhotoForm, RemovePhotoForm } from "./photo-form";
import styles from "./photo.module.css";

/** "Profile photo" on /account: the current photo (or initials), upload with a crop, and remove. */
export function PhotoSection({ name, photoUrl }: { name: string; photoUrl: string | null }) {
  return (
    <section className="card" aria-labelledby="photo-title">
      <h2 id="photo-title">Profile photo</h2>
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
    </section>
  );
}
