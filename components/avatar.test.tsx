import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Avatar, initialsOf } from "./avatar";

describe("Avatar", () => {
  it("shows the photo at the size asked for, decorative unless labelled", () => {
    const url = "http://localhost:3000/photos/u1/0123456789abcdef0123456789abcdef.webp";
    const html = renderToStaticMarkup(<Avatar name="Grace Hopper" photoUrl={url} size={40} />);
    expect(html).toMatch(/^<img /);
    expect(html).toContain(`src="${url}"`);
    expect(html).toContain('width="40" height="40"');
    expect(html).toContain('alt=""');
    expect(renderToStaticMarkup(<Avatar name="Grace Hopper" photoUrl={url} labelled />)).toContain(
      'alt="Grace Hopper"',
    );
  });

  it("shows initials without a photo: hidden from assistive technology unless labelled", () => {
    const html = renderToStaticMarkup(<Avatar name="Grace Brewster Hopper" photoUrl={null} size={28} />);
    expect(html).toMatch(/^<svg /);
    expect(html).toContain('aria-hidden="true"');
    expect(html).toContain(">GH</text>");
    expect(html).toContain('width="28" height="28"');
    const labelled = renderToStaticMarkup(<Avatar name="Grace Hopper" labelled />);
    expect(labelled).toContain('role="img"');
    expect(labelled).toContain('aria-label="Grace Hopper"');
    expect(labelled).not.toContain("aria-hidden");
  });

  it("never renders a style attribute (the CSP blocks server-rendered ones)", () => {
    for (const photoUrl of [null, "/photos/u/x.webp"]) {
      expect(renderToStaticMarkup(<Avatar name="Ada" photoUrl={photoUrl} size={96} />)).not.toContain("style=");
    }
  });
});

describe("initialsOf", () => {
  it("takes the first letters of the first and last words, of any script", () => {
    expect(initialsOf("Grace Brewster Hopper")).toBe("GH");
    expect(initialsOf("ada")).toBe("A");
    expect(initialsOf("maria.garcia")).toBe("MG");
    expect(initialsOf("  émile  zola ")).toBe("ÉZ");
    expect(initialsOf("😀 Smile")).toBe("😀S");
    expect(initialsOf("")).toBe("?");
  });
});
