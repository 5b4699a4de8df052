import Link from "next/link";

export default function HomePage() {
  return (
    <main>
      <h1>Authcore</h1>
      <p>
        A self-hosted authentication and authorization service: accounts with email activation, sessions you can revoke,
        tokens for third-party apps, and roles with permissions.
      </p>
      <div className="actions">
        <Link className="button" href="/register">
          Create an account
        </Link>
        <Link className="button secondary" href="/login">
          Sign in
        </Link>
      </div>
      <p className="hint">
        Operators: <a href="/api/health">health</a> · <a href="/api/ready">readiness</a>
      </p>
      <p className="hint">
        Developers: <Link href="/docs">API reference</Link>
      </p>
    </main>
  );
}
