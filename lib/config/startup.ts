/** Validates the configuration at server start: a bad variable stops the process with one message. */
export async function validateConfigAtStartup(): Promise<void> {
  try {
    const { config } = await import("./index");
    for (const warning of config.warnings) console.warn(`[config] ${warning}`);
  } catch (error) {
    if (error instanceof Error && error.name === "ConfigError") {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
