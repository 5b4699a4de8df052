// A Stryker ignorer: mutants inside a call to `logger.<level>(…)` change only what is logged, which
// no test should pin down, so they are left out of the score instead of being disabled line by line.
// An arrow function whose whole body is such a call (a `.catch` that only logs) is left out too.
import { PluginKind, declareValuePlugin } from "@stryker-mutator/api/plugin";

const LEVELS = new Set(["trace", "debug", "info", "warn", "error", "fatal"]);

function isLoggerCall(node) {
  return (
    node?.type === "CallExpression" &&
    node.callee.type === "MemberExpression" &&
    node.callee.object.type === "Identifier" &&
    node.callee.object.name === "logger" &&
    node.callee.property.type === "Identifier" &&
    LEVELS.has(node.callee.property.name)
  );
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, "logger-calls", {
    shouldIgnore(path) {
      if (isLoggerCall(path.node)) return "Only changes what is logged";
      if (path.isArrowFunctionExpression() && isLoggerCall(path.node.body)) return "Only logs";
      return undefined;
    },
  }),
];
