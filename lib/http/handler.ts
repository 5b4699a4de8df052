import { toProblem } from "./problem";

type Handler<C> = (request: Request, context: C) => Promise<Response> | Response;

/** Wraps a route handler so that every thrown error becomes a problem+json response. */
export function route<C = unknown>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      return toProblem(error);
    }
  };
}
