import { CiOidcProvider, CiOidcProviderProps } from "../../../constructs/aws/ci-oidc-provider";
import { validationErrorOf } from "../../helpers/errors";
import { Json, resourcesOf, synthConstruct } from "../../helpers/synth";

/*
 * The IAM OIDC provider of the CI issuer: STS's audience as its only client id, no pinned
 * thumbprint by default, and the account's existing provider read (never recreated) when asked.
 */

const bare = (body: Json): Json => Object.fromEntries(Object.entries(body).filter(([k]) => k !== "//"));
const build = (props: CiOidcProviderProps): Json => synthConstruct((scope) => new CiOidcProvider(scope, "oidc", props));
const codesOf = (props: CiOidcProviderProps): string[] => validationErrorOf(() => synthConstruct((scope) => new CiOidcProvider(scope, "oidc", props))).problems.map((p) => p.code);

describe("CiOidcProvider", () => {
  test("creates the GitHub issuer's provider with sts.amazonaws.com as its only audience and no thumbprint", () => {
    const stack = build({ issuerUrl: "https://token.actions.githubusercontent.com" });
    const providers = Object.values(resourcesOf(stack, "aws_iam_openid_connect_provider")).map(bare);
    expect(providers).toEqual([{ url: "https://token.actions.githubusercontent.com", client_id_list: ["sts.amazonaws.com"], tags: { purpose: "ci-federation" } }]);
    expect(stack["data"]).toBeUndefined();
  });

  test("a self-managed GitLab under a path keeps the path in the condition-key prefix, and pins given thumbprints", () => {
    let host = "";
    const stack = synthConstruct((scope) => {
      host = new CiOidcProvider(scope, "oidc", { issuerUrl: "https://gitlab.example.com/gitlab", thumbprints: ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"] }).issuerHost;
    });
    expect(host).toBe("gitlab.example.com/gitlab");
    expect(Object.values(resourcesOf(stack, "aws_iam_openid_connect_provider")).map(bare)).toEqual([
      { url: "https://gitlab.example.com/gitlab", client_id_list: ["sts.amazonaws.com"], thumbprint_list: ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"], tags: { purpose: "ci-federation" } },
    ]);
  });

  test("existing reads the account's provider by URL and creates none", () => {
    const stack = build({ issuerUrl: "https://token.actions.githubusercontent.com", existing: true });
    expect(resourcesOf(stack, "aws_iam_openid_connect_provider")).toEqual({});
    const data = (stack["data"] as Record<string, Record<string, Json>>)["aws_iam_openid_connect_provider"]!;
    expect(Object.values(data).map(bare)).toEqual([{ url: "https://token.actions.githubusercontent.com" }]);
  });

  test.each([
    ["http, not https", "http://token.actions.githubusercontent.com"],
    ["a trailing slash", "https://token.actions.githubusercontent.com/"],
    ["a query", "https://gitlab.example.com?x=1"],
  ])("refuses an issuer with %s", (_name, issuerUrl) => {
    expect(codesOf({ issuerUrl })).toEqual(["AWS_CI_ISSUER_URL_INVALID"]);
  });

  test("refuses a thumbprint that is not 40 hex digits, and thumbprints with an existing provider", () => {
    expect(codesOf({ issuerUrl: "https://gitlab.com", thumbprints: ["9e99a48a9960b14926bb7f3b02e22da2b0ab728"] })).toEqual(["AWS_CI_OIDC_THUMBPRINT_INVALID"]);
    expect(codesOf({ issuerUrl: "https://gitlab.com", thumbprints: ["9e99a48a9960b14926bb7f3b02e22da2b0ab72zz"] })).toEqual(["AWS_CI_OIDC_THUMBPRINT_INVALID"]);
    expect(codesOf({ issuerUrl: "https://gitlab.com", existing: true, thumbprints: ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"] })).toEqual(["AWS_CI_OIDC_THUMBPRINT_INVALID"]);
  });
});
