export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { validateConfigAtStartup } = await import("./lib/config/startup");
    await validateConfigAtStartup();
  }
}
