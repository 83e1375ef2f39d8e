import { constructorProps, exportedInterfaces, namesUsed, sourcesUnder, Source } from "../helpers/source-lint";

/*
 * One name per concept across the clouds: the write-once log storage is an `ILogBucket` and a
 * key an `IKmsKey` on every cloud, the log bucket takes the same props (`lockRetention`,
 * `retentionTier`, `kmsKey`), and the names the lock switch replaced do not come back.
 */

const CLOUDS = ["aws", "gcp", "azure"] as const;
const LOG_BUCKET_PROPS = ["kmsKey", "lockRetention", "retentionTier"];
/** Names of the lock switch before `lockRetention`, and Azure's old name for ILogBucket. */
const RETIRED = ["objectLockMode", "lockRetentionPolicy", "lockImmutabilityPolicy", "lockRetentionPolicies", "ILogStorage"];

function read(file: string): Source {
  const [source] = sourcesUnder(file.slice(0, file.lastIndexOf("/")), { recursive: false }).filter((s) => s.file === file);
  if (!source) throw new Error(`${file} does not exist`);
  return source;
}

/** What one log bucket file breaks of the shared names. */
function logBucketProblems(src: Source): string[] {
  const problems: string[] = [];
  if (!exportedInterfaces(src).some((i) => i.name === "ILogBucket")) problems.push(`${src.file}: exports no interface ILogBucket`);
  const props = constructorProps(src, "ImmutableLogBucket");
  if (!props) return [...problems, `${src.file}: ImmutableLogBucket's props type is not declared in the file`];
  const missing = LOG_BUCKET_PROPS.filter((p) => !props.properties.includes(p));
  if (missing.length > 0) problems.push(`${src.file}: ${props.typeName} lacks ${missing.join(", ")}`);
  return problems;
}

/**
 * Uses of a retired name as a prop, input, parameter or type, as `file:line: name (use)`. The
 * AWS log bucket keeps `objectLockMode` as a public attribute (the derived S3 mode), so a class
 * field of that name and reads of it are allowed.
 */
function retiredNameUses(sources: readonly Source[]): string[] {
  return sources
    .flatMap((src) => namesUsed(src, RETIRED))
    .filter((site) => !(site.name === "objectLockMode" && (site.use === "attribute read" || (site.use === "attribute" && site.file === "constructs/aws/immutable-log-bucket.ts"))))
    .map((site) => `${site.file}:${site.line}: ${site.name} (${site.use})`);
}

describe("one name per concept", () => {
  test("the log bucket check reports a missing interface and missing props", () => {
    const text = [
      "export interface ILogStorage { readonly name: string }",
      "export interface BucketProps { readonly kmsKey: string; readonly objectLockMode?: string }",
      "export class ImmutableLogBucket { constructor(scope: unknown, id: string, props: BucketProps) {} }",
    ].join("\n");
    expect(logBucketProblems({ file: "constructs/x/immutable-log-bucket.ts", text })).toEqual([
      "constructs/x/immutable-log-bucket.ts: exports no interface ILogBucket",
      "constructs/x/immutable-log-bucket.ts: BucketProps lacks lockRetention, retentionTier",
    ]);
  });

  test("props inherited through an alias and extends count", () => {
    const text = [
      "export interface ILogBucket { readonly name: string }",
      "interface Base { readonly kmsKey: string; readonly retentionTier: string }",
      "export interface WriteOnceProps extends Base { readonly lockRetention?: boolean }",
      "export type LogProps = WriteOnceProps;",
      "export class ImmutableLogBucket { constructor(scope: unknown, id: string, props: LogProps) {} }",
    ].join("\n");
    expect(logBucketProblems({ file: "constructs/x/immutable-log-bucket.ts", text })).toEqual([]);
  });

  test("the retired-name check finds props, inputs, parameters and types, not comments or the AWS attribute", () => {
    const aws: Source = {
      file: "constructs/aws/immutable-log-bucket.ts",
      text: "export class ImmutableLogBucket {\n  public readonly objectLockMode: string;\n  constructor() { this.objectLockMode = \"COMPLIANCE\"; }\n}\n",
    };
    const other: Source = {
      file: "modules/x.ts",
      text: [
        "// objectLockMode was the old switch",
        "export interface XProps { readonly lockRetentionPolicy?: boolean }",
        'new Bucket(scope, "b", { objectLockMode: "GOVERNANCE" });',
        "function f(lockImmutabilityPolicy: boolean): void {}",
        "const s: ILogStorage = bucket;",
        "const mode = bucket.objectLockMode;",
        'const schema = mapping({ "lockRetentionPolicies": z.boolean() });',
      ].join("\n"),
    };
    expect(retiredNameUses([aws, other])).toEqual([
      "modules/x.ts:2: lockRetentionPolicy (property)",
      "modules/x.ts:3: objectLockMode (property)",
      "modules/x.ts:4: lockImmutabilityPolicy (parameter)",
      "modules/x.ts:5: ILogStorage (type)",
      "modules/x.ts:7: lockRetentionPolicies (property)",
    ]);
  });

  test.each(CLOUDS)("%s: the log bucket exports ILogBucket and takes kmsKey, lockRetention and retentionTier", (cloud) => {
    expect(logBucketProblems(read(`constructs/${cloud}/immutable-log-bucket.ts`))).toEqual([]);
  });

  test.each(CLOUDS)("%s: the key exports IKmsKey", (cloud) => {
    expect(exportedInterfaces(read(`constructs/${cloud}/kms-key.ts`)).map((i) => i.name)).toContain("IKmsKey");
  });

  test("no retired name is used in constructs/, modules/, stacks/ or config/", () => {
    const sources = ["constructs", "modules", "stacks", "config"].flatMap((dir) => sourcesUnder(dir));
    expect(sources.length).toBeGreaterThan(50);
    expect(retiredNameUses(sources)).toEqual([]);
  });
});
