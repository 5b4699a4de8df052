import { ConfigError, loadConfig, type EnvSource } from ".";

/** The problems loadConfig lists for `env` (for tests of the configuration); throws if it accepts it. */
export function configProblems(env: EnvSource): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}
