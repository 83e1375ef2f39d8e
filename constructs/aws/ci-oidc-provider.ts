import { DataAwsIamOpenidConnectProvider } from "@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { Construct } from "constructs";
import { CI_AUDIENCES } from "../shared/ci-identities";
import { CI_ISSUER_URL } from "../shared/limits/ci";
import { PropValidator } from "../shared/validation-error";

/*
 * Facts this file relies on:
 * - `thumbprint_list` is optional in provider 6.25 (binding `thumbprintList?`; the resource's
 *   docs show "Without A Thumbprint"): IAM then retrieves the issuer's certificate thumbprint
 *   itself, and for well-known issuers (GitHub's token.actions.githubusercontent.com among
 *   them) it verifies the JWKS endpoint through its library of trusted root CAs instead of any
 *   thumbprint (IAM API Reference, CreateOpenIDConnectProvider). So no thumbprint is pinned by
 *   default: a pinned thumbprint goes stale when the issuer rotates its certificate.
 * - An account has at most one provider per issuer URL: a second CreateOpenIDConnectProvider
 *   for the same URL fails (IAM API Reference, CreateOpenIDConnectProvider, "You cannot
 *   register the same provider multiple times"), hence `existing`, which looks it up by URL
 *   (`data.aws_iam_openid_connect_provider`, argument `url`).
 * - The condition keys of a web-identity trust are `<issuer without https://>:aud|sub` (IAM
 *   User Guide, "Available keys for AWS OIDC federation").
 */

/** The issuer a CI role trusts. */
export interface ICiOidcProvider {
  /** ARN of the IAM OIDC provider, as the resource's (or data source's) attribute. */
  readonly providerArn: string;
  /** The issuer without `https://`: the prefix of the `aud` and `sub` condition keys. */
  readonly issuerHost: string;
}

export interface CiOidcProviderProps {
  /** Issuer of the CI's OIDC tokens (`ciIssuerUrl`), https, no trailing slash. */
  readonly issuerUrl: string;
  /**
   * Use the account's existing provider for `issuerUrl` (looked up by URL) instead of
   * creating one: an account has one provider per URL.
   * @default false
   */
  readonly existing?: boolean;
  /**
   * Server certificate thumbprints (40 hex digits each), for a self-managed issuer whose
   * certificate IAM cannot verify through its trusted CAs.
   * @default - none: IAM retrieves the thumbprint, or verifies through its trusted CAs
   */
  readonly thumbprints?: readonly string[];
}

const HEX_DIGITS = "0123456789abcdefABCDEF";
const isThumbprint = (value: string): boolean => value.length === 40 && [...value].every((c) => HEX_DIGITS.includes(c));

/**
 * The IAM OIDC provider of the CI issuer, whose only client id (audience) is STS's
 * `sts.amazonaws.com`: a token minted for another audience is refused before any role's trust
 * policy is read. With `existing` the provider is read, never changed.
 *
 * @example
 * const issuer = new CiOidcProvider(this, "oidc", { issuerUrl: "https://token.actions.githubusercontent.com" });
 */
export class CiOidcProvider extends Construct implements ICiOidcProvider {
  public readonly providerArn: string;
  public readonly issuerHost: string;
  public readonly issuerUrl: string;

  constructor(scope: Construct, id: string, props: CiOidcProviderProps) {
    const validator = new PropValidator(scope, id).matches("issuerUrl", props.issuerUrl, CI_ISSUER_URL, "AWS_CI_ISSUER_URL_INVALID");
    (props.thumbprints ?? []).forEach((t, i) => validator.require(isThumbprint(t), "AWS_CI_OIDC_THUMBPRINT_INVALID", `thumbprints[${i}]`, t, "a SHA-1 certificate thumbprint: 40 hex digits"));
    validator
      .require(!(props.existing && props.thumbprints !== undefined), "AWS_CI_OIDC_THUMBPRINT_INVALID", "thumbprints", (props.thumbprints ?? []).join(","), "no thumbprints with existing: the existing provider is read, not changed")
      .throwIfInvalid();
    super(scope, id);

    this.issuerUrl = props.issuerUrl;
    this.issuerHost = props.issuerUrl.slice("https://".length);
    if (props.existing) {
      this.providerArn = new DataAwsIamOpenidConnectProvider(this, "Existing", { url: props.issuerUrl }).arn;
      return;
    }
    const provider = new IamOpenidConnectProvider(this, "Resource", {
      url: props.issuerUrl,
      clientIdList: [CI_AUDIENCES.aws],
      ...(props.thumbprints !== undefined ? { thumbprintList: [...props.thumbprints] } : {}),
      tags: { purpose: "ci-federation" },
    });
    this.providerArn = provider.arn;
  }
}
