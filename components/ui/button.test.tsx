import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Button } from "./button";

describe("Button", () => {
  it("is a plain button (not a submit) unless told otherwise", () => {
    expect(renderToStaticMarkup(<Button>Save</Button>)).toMatch(/^<button type="button"/);
    expect(renderToStaticMarkup(<Button type="submit">Save</Button>)).toMatch(/^<button type="submit"/);
  });

  it("while pending is disabled, busy and says the pending label", () => {
    const html = renderToStaticMarkup(
      <Button pending pendingLabel="Saving…">
        Save
      </Button>,
    );
    expect(html).toContain("disabled");
    expect(html).toContain('aria-busy="true"');
    expect(html).toContain(">Saving…</button>");
    expect(html).not.toContain(">Save<");
  });

  it("keeps its label while pending without a pending label, and is only disabled when asked", () => {
    expect(renderToStaticMarkup(<Button pending>Save</Button>)).toContain(">Save</button>");
    const idle = renderToStaticMarkup(<Button>Save</Button>);
    expect(idle).not.toContain("disabled=");
    expect(idle).not.toContain("aria-busy=");
    expect(renderToStaticMarkup(<Button disabled>Save</Button>)).toContain('disabled=""');
  });

  it("with asChild gives its look to the child element (a link stays a link)", () => {
    const html = renderToStaticMarkup(
      <Button asChild variant="secondary">
        <a href="/login">Sign in</a>
      </Button>,
    );
    expect(html).toMatch(/^<a href="\/login" class="[^"]*border-border/);
    expect(html).not.toContain("<button");
  });

  it("a caller's class overrides the variant's conflicting one", () => {
    expect(renderToStaticMarkup(<Button className="px-8">Go</Button>)).not.toMatch(/\bpx-4\b/);
  });
});
