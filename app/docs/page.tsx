import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { docsAssetUrl } from "@/lib/api-docs/assets";
import { API_REFERENCE_ELEMENT, OPENAPI_DOCUMENT_PATH } from "@/lib/api-docs/init-script";
import styles from "./page.module.css";

export const metadata: Metadata = { title: "API reference" };

const ApiReference = API_REFERENCE_ELEMENT;
const EMPTY = { __html: "" };

declare module "react" {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      [API_REFERENCE_ELEMENT]: React.DetailedHTMLProps<React.HTMLAttributes<HTMLElement>, HTMLElement>;
    }
  }
}

/**
 * The interactive reference of our OpenAPI document, rendered by Swagger UI (swagger-ui-dist)
 * from our own origin. Its scripts carry this response's CSP nonce; `async` makes React treat
 * them as resources it also inserts on a client-side navigation (a plain <script> is inert then).
 */
export default async function ApiReferencePage() {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  const [bundle, stylesheet, init] = await Promise.all([
    docsAssetUrl("swagger-ui-bundle.js"),
    docsAssetUrl("swagger-ui.css"),
    docsAssetUrl("api-reference.js"),
  ]);

  // Swagger UI renders the operations in a <main> of its own, so this page has no other: a
  // second <main> (or one inside ours) would be invalid HTML and a duplicate landmark. The
  // introduction is a named region instead, and the custom element is an allowed ancestor of a <main>.
  // Swagger UI's own title block is hidden: the introduction says the same, in the page's outline.
  return (
    <div className={styles.page}>
      <link rel="stylesheet" href={stylesheet} precedence="default" nonce={nonce} />
      <script src={bundle} async nonce={nonce} />
      <script src={init} async nonce={nonce} />
      <section className={styles.intro} aria-labelledby="api-reference-title">
        <p>
          <Link href="/">← Authcore home</Link>
        </p>
        <h1 id="api-reference-title">API reference</h1>
        <p>
          Every endpoint of the HTTP API, from its <a href={OPENAPI_DOCUMENT_PATH}>OpenAPI document</a>. &quot;Try it
          out&quot; sends requests from this page with your session cookie; other clients authenticate with a Bearer
          token from <code>POST /api/v1/auth/token</code>.
        </p>
        <p className={styles.version}>API version 1 · OpenAPI 3.1</p>
        <noscript>
          <p>The interactive reference needs JavaScript; the OpenAPI document above lists the same endpoints.</p>
        </noscript>
        <h2 className={styles.endpoints}>Endpoints</h2>
      </section>
      {/*
        Swagger UI owns everything inside (it may fill it before hydration): with an empty
        dangerouslySetInnerHTML, React neither hydrates nor ever resets its content.
      */}
      <ApiReference id="swagger-ui" dangerouslySetInnerHTML={EMPTY} suppressHydrationWarning />
    </div>
  );
}
