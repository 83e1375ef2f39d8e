import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { CI_AUDIENCES } from "../shared/ci-identities";
import { CI_ISSUER_URL } from "../shared/limits/ci";
import { PropValidator } from "../shared/validation-error";

/**
 * Federated identity credentials per user-assigned identity: "A maximum of 20 federated identity
 * credentials can be added to an application or user-assigned managed identity" (Microsoft
 * Entra, "Important considerations and restrictions for federated identity credentials").
 */
export const AZURE_MAX_FEDERATED_CREDENTIALS = 20;

/** Longest federated identity credential name Azure accepts (3-120 characters). */
const CREDENTIAL_NAME_MAX = 120;

/**
 * Where a subject's kind starts, and the credential-name prefix it gets: GitHub's
 * `...:environment:<env>`, `...:ref:refs/heads/<branch>`, `...:ref:refs/tags/<tag>`; GitLab's
 * `...:ref_type:branch:ref:<branch>` and `...:ref_type:tag:ref:<tag>`.
 */
const SUBJECT_KINDS: ReadonlyArray<readonly [marker: string, prefix: string]> = [
  [":environment:", "environment-"],
  [":ref:refs/heads/", "branch-"],
  [":ref:refs/tags/", "tag-"],
  [":ref_type:branch:ref:", "branch-"],
  [":ref_type:tag:ref:", "tag-"],
];

/**
 * The credential name of a subject, from what the subject admits: `pull-request`,
 * `environment-<env>`, `branch-<branch>`, `tag-<tag>`; any other subject is named `sub-` and
 * itself. Characters other than letters, digits, `_` and `-` become `-` (the names Azure
 * accepts). Stable across runs and config order, so reordering subjects never replaces a
 * credential, and readable in `az identity federated-credential list`.
 */
export function ciCredentialName(subject: string): string {
  let name = `sub-${subject}`;
  if (subject.endsWith(":pull_request")) {
    name = "pull-request";
  } else {
    for (const [marker, prefix] of SUBJECT_KINDS) {
      const at = subject.lastIndexOf(marker);
      if (at >= 0) {
        name = `${prefix}${subject.slice(at + marker.length)}`;
        break;
      }
    }
  }
  return name.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, CREDENTIAL_NAME_MAX);
}

export interface CiIdentityProps {
  /** Name of the user-assigned identity (`azureCiIdentityName`), unique in its resource group. */
  readonly name: string;
  /** Resource group that holds the identity and its credentials (`azureCiResourceGroupName`). */
  readonly resourceGroupName: string;
  /** Azure location of the identity. */
  readonly location: string;
  /**
   * Issuer of the CI's OIDC tokens (`ciIssuerUrl`): https, no trailing slash. Entra ID compares
   * it with the token's `iss` character for character.
   */
  readonly issuerUrl: string;
  /**
   * The exact `sub` claims the identity admits, 1-20, one federated credential each. Entra ID
   * matches the subject as written: a `*` would be a literal character, never a wildcard, so a
   * subject with `*` is refused rather than left to match nothing.
   */
  readonly subjects: readonly string[];
  /** The five standard tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * A user-assigned managed identity a CI job signs in as through workload identity federation:
 * one federated identity credential per admitted subject, each with the CI's issuer and the
 * audience `api://AzureADTokenExchange`, so no client secret exists anywhere. Entra ID issues a
 * token only when the CI token's `iss`, `sub` and `aud` equal one credential's values exactly
 * ("Workload identity federation": "the issuer and subject values of the federated identity
 * credential are checked against the issuer and subject claims"). User-assigned identities
 * take no claims-matching expressions (the flexible credentials of Entra applications), and the
 * azurerm 4.55 resource has no such field: a subject can never widen to a pattern.
 *
 * The credentials are created in parallel without conflict: Entra ID answers concurrent writes
 * under one identity with 409, and azurerm (since 3.40, per the considerations page) serializes
 * them by locking the parent identity.
 *
 * @example
 * new CiIdentity(this, "deploy", {
 *   name: "id-acme-ai-prod-ci-deploy",
 *   resourceGroupName: "rg-acme-ai-prod-ci",
 *   location: "westeurope",
 *   issuerUrl: "https://token.actions.githubusercontent.com",
 *   subjects: ["repo:acme-ai/ai-supply-chain:environment:prod"],
 *   tags,
 * });
 */
export class CiIdentity extends Construct {
  /** The `azurerm_user_assigned_identity`. */
  public readonly identity: UserAssignedIdentity;
  /** One credential per subject, in `subjects` order. */
  public readonly credentials: readonly FederatedIdentityCredential[];
  /** Object id of the identity's service principal: what role assignments name. */
  public readonly principalId: string;
  /** Client id the CI job signs in with (`AZURE_CLIENT_ID`). */
  public readonly clientId: string;
  /** Azure resource id of the identity. */
  public readonly identityId: string;

  constructor(scope: Construct, id: string, props: CiIdentityProps) {
    const validator = new PropValidator(scope, id).matches("issuerUrl", props.issuerUrl, CI_ISSUER_URL, "AZURE_CI_ISSUER_INVALID");
    validator.require(
      props.subjects.length >= 1 && props.subjects.length <= AZURE_MAX_FEDERATED_CREDENTIALS,
      "AZURE_CI_CREDENTIAL_COUNT_INVALID",
      "subjects",
      props.subjects.length,
      `1 to ${AZURE_MAX_FEDERATED_CREDENTIALS} subjects: Entra ID allows ${AZURE_MAX_FEDERATED_CREDENTIALS} federated credentials per user-assigned identity`,
    );
    for (const subject of props.subjects) {
      if (Token.isUnresolved(subject)) continue;
      validator.require(
        subject.length > 0 && !subject.includes("*"),
        "AZURE_CI_SUBJECT_WILDCARD",
        "subjects",
        subject,
        "an exact sub claim without * (Entra ID matches subjects exactly; a pattern would trust more than one job, or none)",
      );
    }
    const names = props.subjects.map(ciCredentialName);
    const repeated = names.filter((n, i) => names.indexOf(n) !== i);
    validator.require(
      repeated.length === 0,
      "AZURE_CI_CREDENTIAL_NAME_DUPLICATE",
      "subjects",
      [...new Set(repeated)].join(", "),
      "subjects whose credential names (ciCredentialName) differ: issuer and subject must be unique per identity",
    );
    validator.throwIfInvalid();
    super(scope, id);

    this.identity = new UserAssignedIdentity(this, "Resource", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      tags: { ...props.tags },
    });
    this.credentials = props.subjects.map(
      (subject, i) =>
        new FederatedIdentityCredential(this, `Credential-${names[i]!}`, {
          name: names[i]!,
          resourceGroupName: props.resourceGroupName,
          parentId: this.identity.id,
          issuer: props.issuerUrl,
          audience: [CI_AUDIENCES.azure],
          subject,
        }),
    );
    this.principalId = this.identity.principalId;
    this.clientId = this.identity.clientId;
    this.identityId = this.identity.id;
  }
}
