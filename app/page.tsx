import Link from "next/link";
import { Button } from "@/components/ui/button";
import { config } from "@/lib/config";

// What the service does, as built: every line below is a feature a person can use today.
const features = (google: boolean) => [
  {
    title: "Accounts",
    body: `Sign up with an activation email, sign in with a username or email, reset a forgotten password${google ? ", or use Google" : ""}.`,
  },
  {
    title: "Sessions you control",
    body: "See every device signed in to your account and sign any of them out: it takes effect on the next request.",
  },
  {
    title: "Second factor and passkeys",
    body: "Add an authenticator app, recovery codes and passkeys; administrators can require them by role.",
  },
  {
    title: "Roles and teams",
    body: "Roles with levels and permissions, and managers who see and manage only the people who report to them.",
  },
  {
    title: "A trail you can trust",
    body: "Every sign-in and change is recorded in a hash-chained audit log that shows any tampering.",
  },
  {
    title: "An API for your apps",
    body: "Access and refresh tokens for third-party clients, documented in an interactive API reference.",
  },
];

export default function HomePage() {
  const { name } = config.brand;
  return (
    <main className="wide">
      <section aria-labelledby="home-title" className="py-8 text-center sm:py-12">
        <h1 id="home-title" className="m-0 text-4xl font-bold tracking-tight sm:text-5xl">
          {name}
        </h1>
        <p className="mx-auto mt-4 max-w-2xl text-lg text-muted-foreground">
          Sign-in, accounts and permissions for your organisation, on your own servers.
        </p>
        <div className="mt-8 flex flex-wrap justify-center gap-3">
          <Button asChild size="lg">
            <Link href="/register">Create an account</Link>
          </Button>
          <Button asChild size="lg" variant="secondary">
            <Link href="/login">Sign in</Link>
          </Button>
        </div>
      </section>
      <section aria-labelledby="features-title">
        <h2 id="features-title" className="visually-hidden">
          What you can do
        </h2>
        <ul className="m-0 grid list-none gap-4 p-0 sm:grid-cols-2 lg:grid-cols-3">
          {features(Boolean(config.google)).map((feature) => (
            <li key={feature.title} className="rounded-card border border-border bg-card p-5 shadow-sm">
              <h3 className="m-0 text-base font-semibold">{feature.title}</h3>
              <p className="mt-2 mb-0 text-sm text-muted-foreground">{feature.body}</p>
            </li>
          ))}
        </ul>
      </section>
      <p className="mt-8 text-center text-sm text-muted-foreground">
        Developers: <Link href="/docs">API reference</Link> · Operators: <a href="/api/health">health</a> ·{" "}
        <a href="/api/ready">readiness</a>
      </p>
    </main>
  );
}
