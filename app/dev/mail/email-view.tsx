import "server-only";

/**
 * Shows a rendered email in a sandboxed frame (no scripts); `<base target="_top">` makes its links
 * open in the window, so activation and reset links work from here.
 */
export function EmailView({ to, subject, html, text }: { to: string; subject: string; html: string; text: string }) {
  const srcDoc = html.replace(/<head>/i, '<head><base target="_top">');
  return (
    <>
      <dl>
        <dt>To</dt>
        <dd>{to}</dd>
        <dt>Subject</dt>
        <dd>{subject}</dd>
      </dl>
      <iframe
        title={`Email: ${subject}`}
        srcDoc={srcDoc}
        sandbox="allow-top-navigation-by-user-activation allow-popups allow-popups-to-escape-sandbox"
        style={{
          width: "100%",
          minHeight: "560px",
          border: "1px solid #d4d4d8",
          borderRadius: "6px",
          background: "#fff",
        }}
      />
      <details>
        <summary>Plain-text part</summary>
        <pre style={{ whiteSpace: "pre-wrap" }}>{text}</pre>
      </details>
    </>
  );
}
