import { z } from "zod";

// Every schema module here takes zod from this file. In the browser, zod would otherwise probe
// `new Function` the first time it parses an object (to compile a faster parser); our CSP has no
// 'unsafe-eval', so the browser refuses and reports a violation on every page that validates a
// form. The server keeps the compiled parsers.
if (typeof window !== "undefined") z.config({ jitless: true });

export { z };
