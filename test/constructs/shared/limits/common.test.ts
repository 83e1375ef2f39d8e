import { EMAIL, MONTH, RETENTION_TIER_NAME, TAG_VALUE, UUID } from "../../../../constructs/shared/limits/common";
import { satisfies } from "../../../../constructs/shared/limits/text-rule";

describe("cloud-neutral text rules", () => {
  test("email: local part, @ and a dotted domain, at most 254 characters", () => {
    expect(satisfies(EMAIL, "fin.ops+budget@example.co.uk")).toBe(true);
    expect(satisfies(EMAIL, "finops@example")).toBe(false);
    expect(satisfies(EMAIL, "finops@-example.com")).toBe(false);
    expect(satisfies(EMAIL, `${"a".repeat(64)}@${"b".repeat(179)}.example.io`)).toBe(false);
    expect(satisfies(EMAIL, "f@x.y")).toBe(true);
    expect(satisfies(EMAIL, "f@example.co-uk")).toBe(true);
    expect(satisfies(EMAIL, "fin ops@example.com")).toBe(false);
    expect(satisfies(EMAIL, "finops@example.com_")).toBe(false);
    expect(EMAIL.accepted).toBe("an email address such as finops@example.com");
  });

  test("UUID: canonical 8-4-4-4-12 hex, either case", () => {
    expect(satisfies(UUID, "00000000-0000-4000-8000-00000000000A")).toBe(true);
    expect(satisfies(UUID, "00000000-0000-4000-8000-00000000000")).toBe(false);
    expect(satisfies(UUID, "00000000-0000-4000-8000-0000000000000")).toBe(false);
    expect(satisfies(UUID, "x00000000-0000-4000-8000-000000000000")).toBe(false);
    expect(UUID.accepted).toBe("a UUID such as 00000000-0000-4000-8000-000000000000");
  });

  test("tag value: 1-63 characters of the tag alphabet, starting with a letter or digit", () => {
    expect(satisfies(TAG_VALUE, "cc 1234_.:/=+@-")).toBe(true);
    expect(satisfies(TAG_VALUE, "-cc")).toBe(false);
    expect(satisfies(TAG_VALUE, "a".repeat(64))).toBe(false);
    expect(TAG_VALUE.accepted).toBe("1-63 characters: letters, digits, space and _ . : / = + @ -, starting with a letter or digit");
  });

  test("retention tier name: 2-32 lowercase letters, digits and hyphens, starting with a letter", () => {
    expect(satisfies(RETENTION_TIER_NAME, "audit-2y")).toBe(true);
    expect(satisfies(RETENTION_TIER_NAME, "a")).toBe(false);
    expect(satisfies(RETENTION_TIER_NAME, "2y-audit")).toBe(false);
    expect(satisfies(RETENTION_TIER_NAME, "a".repeat(33))).toBe(false);
    expect(RETENTION_TIER_NAME.accepted).toBe("2-32 lowercase letters, digits and hyphens, starting with a letter");
  });

  test("month: YYYY-MM with months 01-12", () => {
    expect(satisfies(MONTH, "2026-12")).toBe(true);
    expect(satisfies(MONTH, "2026-01")).toBe(true);
    expect(satisfies(MONTH, "2026-13")).toBe(false);
    expect(satisfies(MONTH, "2026-00")).toBe(false);
    expect(satisfies(MONTH, "2026-123")).toBe(false);
    expect(satisfies(MONTH, "12026-12")).toBe(false);
    expect(MONTH.accepted).toBe("a month as YYYY-MM, e.g. 2026-12");
  });
});
