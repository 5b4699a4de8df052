export {};

// Entry point of the worker process. The service name is set before any module that logs is
// loaded, so every log line says which process wrote it.
process.env.AUTHCORE_SERVICE ??= "worker";

try {
  const { runWorker } = await import("./runtime");
  await runWorker();
} catch (error) {
  if (error instanceof Error && error.name === "ConfigError") {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
}
