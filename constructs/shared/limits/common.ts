import { TextRule } from "./text-rule";

/*
 * Cloud-neutral limits. Each cloud's own limits are in aws.ts, gcp.ts and azure.ts beside this
 * file; the config schema and the constructs both import from here, so a value the config accepts
 * is a value the constructs accept.
 */

/** An address with a local part, an `@` and a dotted domain; 254 characters at most (RFC 5321). */
export const EMAIL: TextRule = {
  pattern: /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/,
  accepted: "an email address such as finops@example.com",
  maxLength: 254,
};

/** A UUID in its canonical 8-4-4-4-12 hexadecimal form (Azure tenant, subscription and object ids). */
export const UUID: TextRule = {
  pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  accepted: "a UUID such as 00000000-0000-4000-8000-000000000000",
};
