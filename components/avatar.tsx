import styles from "./avatar.module.css";

export type AvatarProps = {
  /** The person's name (or username): the initials, and the text alternative when `labelled`. */
  name: string;
  /** Their photo's URL (photoUrl of a user record), or null/undefined for initials. */
  photoUrl?: string | null;
  /** Width and height in CSS pixels (attributes, not inline styles: the CSP allows none). */
  size?: number;
  /**
   * Whether the avatar names the person to assistive technology. Leave it off (decorative:
   * empty alt, aria-hidden) where the name is written beside it, as it almost always is.
   */
  labelled?: boolean;
  className?: string;
};

/** Up to two letters: the first of the first and the last word ("Grace Brewster Hopper" → "GH"). */
export function initialsOf(name: string): string {
  const words = name
    .trim()
    .split(/[\s._-]+/u)
    .filter(Boolean);
  const first = words[0] ? Array.from(words[0])[0] : undefined;
  const last = words.length > 1 ? Array.from(words[words.length - 1]!)[0] : undefined;
  return ((first ?? "") + (last ?? "")).toLocaleUpperCase() || "?";
}

function toneOf(name: string): number {
  let sum = 0;
  for (const char of name) sum = (sum * 31 + char.codePointAt(0)!) % 9973;
  return sum % 6;
}

/**
 * A person's profile photo, or their initials on a coloured disc when they have none. Works in
 * server and client components; no inline styles (the nonce CSP blocks server-rendered ones).
 */
export function Avatar({ name, photoUrl, size = 32, labelled = false, className }: AvatarProps) {
  const classes = [styles.avatar, className].filter(Boolean).join(" ");
  if (photoUrl) {
    return (
      // A 256 px WebP we made ourselves, served with year-long caching: nothing for next/image to add.
      // eslint-disable-next-line @next/next/no-img-element
      <img
        className={classes}
        src={photoUrl}
        width={size}
        height={size}
        alt={labelled ? name : ""}
        loading="lazy"
        decoding="async"
        data-avatar="photo"
      />
    );
  }
  const a11y = labelled ? { role: "img", "aria-label": name } : { "aria-hidden": true };
  return (
    <svg
      className={`${classes} ${styles[`tone${toneOf(name)}`]}`}
      width={size}
      height={size}
      viewBox="0 0 40 40"
      focusable="false"
      data-avatar="initials"
      {...a11y}
    >
      <circle cx="20" cy="20" r="20" />
      <text className={styles.initials} x="20" y="20" dy="0.35em" textAnchor="middle" fontSize="15">
        {initialsOf(name)}
      </text>
    </svg>
  );
}
