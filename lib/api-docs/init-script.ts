/** Where the reference reads its OpenAPI document (served by app/api/v1/openapi.json). */
export const OPENAPI_DOCUMENT_PATH = "/api/v1/openapi.json";

/** The custom element the /docs page renders and this script fills with Swagger UI. */
export const API_REFERENCE_ELEMENT = "authcore-api-reference";

/**
 * The script that starts Swagger UI, served as a file by the assets route: the CSP allows no
 * inline script. It defines a custom element rather than looking for a node once, because
 * `connectedCallback` runs for the server-rendered element and also each time React inserts a
 * fresh one on a client-side navigation (e.g. Back from another page), when no script runs again.
 * Both scripts are `async`; this one waits for the bundle's `load` if it runs first.
 *
 * Options, and what they are for:
 * - `validatorUrl: null`: no badge image from validator.swagger.io (nothing leaves our origin).
 * - `withCredentials: true`: "Try it out" sends the session cookie (same-origin fetch).
 * - `queryConfigEnabled: false` (the default, kept explicit): `?url=` / `?configUrl=` in the
 *   page's address cannot load another document into our origin.
 * - Only the `apis` preset and the base layout: no top bar with a free "explore any URL" field.
 *
 * Under our CSP (`style-src 'self' 'nonce-…'`, no 'unsafe-inline'), measured in Chromium with
 * swagger-ui-dist 5.35: no violation, with syntax highlighting on. Swagger UI injects no <style>
 * element; the inline styles it uses (highlighted code, `<main id="operations">`'s outline) are
 * React `style` props, which React applies through the CSSOM (`element.style`); CSP blocks `style`
 * attributes in parsed HTML or set with setAttribute, not CSSOM writes. Markdown from the document
 * goes through DOMPurify with `style` and `class` forbidden (unless `useUnsafeMarkdown`, which stays
 * off). e2e/docs.spec.ts keeps it so.
 */
export const INIT_SCRIPT = `(function () {
  "use strict";
  var TAG = ${JSON.stringify(API_REFERENCE_ELEMENT)};
  if (!window.customElements || window.customElements.get(TAG)) return;

  function whenBundleLoaded(callback) {
    if (typeof window.SwaggerUIBundle === "function") return callback(window.SwaggerUIBundle);
    // A script's load event does not bubble, but it reaches document listeners that capture.
    document.addEventListener("load", function onLoad() {
      if (typeof window.SwaggerUIBundle !== "function") return;
      document.removeEventListener("load", onLoad, true);
      callback(window.SwaggerUIBundle);
    }, true);
  }

  // Swagger UI's dark styles apply under html.dark-mode: kept in step with the site's theme (the
  // visitor's choice on <html>, else the system's preference) while the reference is on the page.
  var html = document.documentElement;
  var prefersDark = window.matchMedia("(prefers-color-scheme: dark)");
  function syncTheme() {
    var dark = html.classList.contains("dark") || (!html.classList.contains("light") && prefersDark.matches);
    if (html.classList.contains("dark-mode") !== dark) html.classList.toggle("dark-mode", dark);
  }
  var themeWatch = new MutationObserver(syncTheme);

  window.customElements.define(TAG, class extends HTMLElement {
    connectedCallback() {
      syncTheme();
      themeWatch.observe(html, { attributes: true, attributeFilter: ["class"] });
      prefersDark.addEventListener("change", syncTheme);
      if (this.mounted) return;
      this.mounted = true;
      var element = this;
      whenBundleLoaded(function (SwaggerUIBundle) {
        SwaggerUIBundle({
          url: ${JSON.stringify(OPENAPI_DOCUMENT_PATH)},
          domNode: element,
          presets: [SwaggerUIBundle.presets.apis],
          layout: "BaseLayout",
          validatorUrl: null,
          queryConfigEnabled: false,
          withCredentials: true
        });
      });
    }

    disconnectedCallback() {
      themeWatch.disconnect();
      prefersDark.removeEventListener("change", syncTheme);
      html.classList.remove("dark-mode");
    }
  });
})();
`;
