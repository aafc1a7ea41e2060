/**
 * The one error shape the layers below the edge throw: a stable `code` a
 * caller can branch on and a client can translate, an English `message` for
 * developers (never shown to a user, never holding user text), and
 * `details` that name what was wrong (a field, a variable) without its
 * value. Which HTTP status a code becomes is decided only at the edge
 * (server/), so services know nothing of HTTP.
 */
export class AppError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}
