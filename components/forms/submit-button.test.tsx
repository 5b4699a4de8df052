import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SubmitButton } from "./submit-button";

const classesOf = (html: string) => /class="([^"]*)"/.exec(html)?.[1]?.split(" ") ?? [];

describe("SubmitButton", () => {
  it("is the design system's primary button unless told otherwise", () => {
    const html = renderToStaticMarkup(<SubmitButton pendingLabel="Saving…">Save</SubmitButton>);
    expect(html).toMatch(/^<button type="submit"/);
    expect(classesOf(html)).toEqual(expect.arrayContaining(["bg-primary", "text-primary-foreground", "h-10"]));
  });

  it("takes the secondary and danger variants, keeping the other classes", () => {
    const secondary = classesOf(
      renderToStaticMarkup(
        <SubmitButton variant="secondary" className="mt-2" pendingLabel="…">
          Go
        </SubmitButton>,
      ),
    );
    expect(secondary).toEqual(expect.arrayContaining(["bg-card", "mt-2"]));
    expect(secondary).not.toContain("secondary");
    expect(secondary).not.toContain("bg-primary");
    const danger = classesOf(
      renderToStaticMarkup(
        <SubmitButton variant="danger" pendingLabel="…">
          Delete
        </SubmitButton>,
      ),
    );
    expect(danger).toEqual(expect.arrayContaining(["bg-danger", "text-danger-foreground"]));
  });

  it("leaves the look to its classes when unstyled (a menu row)", () => {
    const html = renderToStaticMarkup(
      <SubmitButton variant="unstyled" className="menu-row" pendingLabel="…">
        Sign out
      </SubmitButton>,
    );
    expect(classesOf(html)).toEqual(["menu-row"]);
  });
});
