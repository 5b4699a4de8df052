import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary as commonDictionary } from "@zxcvbn-ts/language-common";
import { dictionary as englishDictionary, translations } from "@zxcvbn-ts/language-en";
import { passwordPolicyProblems } from "@/lib/validation/password-policy";
import type { PasswordChecker, StrengthLevel } from "./password-strength";

// Loaded only through loadPasswordChecker() (a dynamic import): zxcvbn's dictionaries and the
// common-password list weigh about a megabyte, and the sign-in pages never need them.

const zxcvbn = new ZxcvbnFactory({
  translations,
  graphs: adjacencyGraphs,
  dictionary: { ...commonDictionary, ...englishDictionary },
});

/** zxcvbn for the meter; the server's own rule function (the same list) for the checklist. */
export const passwordChecker: PasswordChecker = {
  score: (password, userInputs) => zxcvbn.check(password, userInputs).score as StrengthLevel,
  problems(password, context) {
    const common = passwordPolicyProblems(password).length > 0;
    const base = common ? 1 : 0;
    return {
      common,
      username:
        Boolean(context.username) && passwordPolicyProblems(password, { username: context.username }).length > base,
      email: Boolean(context.email) && passwordPolicyProblems(password, { email: context.email }).length > base,
    };
  },
};
