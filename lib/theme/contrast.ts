/** WCAG 2 colour contrast, for deriving text-safe shades of the configured brand colour. */

type Rgb = [number, number, number];

export function parseHex(hex: string): Rgb {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(match[1]!, 16), parseInt(match[2]!, 16), parseInt(match[3]!, 16)];
}

export function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;
}

/** Relative luminance (WCAG 2.x definition). */
export function luminance(hex: string): number {
  const [r, g, b] = parseHex(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

function mix(from: string, to: string, amount: number): string {
  const a = parseHex(from);
  const b = parseHex(to);
  return toHex(a.map((c, i) => c + (b[i]! - c) * amount) as Rgb);
}

/**
 * The colour itself if it reaches `ratio` against every background, else the least mix of it
 * with `toward` (black to darken, white to lighten) that does: the brand stays recognisable and
 * text in it stays readable (WCAG AA: 4.5 for body text).
 */
export function withContrast(color: string, backgrounds: readonly string[], toward: string, ratio = 4.5): string {
  for (let step = 0; step <= 50; step += 1) {
    const candidate = mix(color, toward, step / 50);
    if (backgrounds.every((background) => contrastRatio(candidate, background) >= ratio)) return candidate;
  }
  return toward;
}

/** Of the candidates, the one that contrasts most with `background` (the text colour on a filled button). */
export function bestText(background: string, candidates: readonly string[]): string {
  return candidates.reduce((best, next) =>
    contrastRatio(next, background) > contrastRatio(best, background) ? next : best,
  );
}
