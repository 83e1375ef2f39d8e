/**
 * What a secret looks like when someone writes it into Terraform configuration. Values are
 * matched by shape (the vendors document their token prefixes), attribute names by meaning: an
 * attribute called `password` or `client_secret` that holds a literal is a secret in the state
 * file, the plan and every CI log that prints them, whatever its value looks like.
 */
export interface SecretShape {
  readonly name: string;
  readonly pattern: RegExp;
}

export const SECRET_SHAPES: readonly SecretShape[] = [
  // AWS IAM access key ids: AKIA (long-term) and ASIA (temporary), 20 characters (IAM User Guide, "Understanding unique ID prefixes").
  { name: "an AWS access key id", pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: "a PEM private key", pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/ },
  // Azure Storage connection strings carry the account key (AccountKey=) or a SAS signature (sig=).
  { name: "an Azure Storage account key", pattern: /AccountKey=[A-Za-z0-9+/]{20,}={0,2}/ },
  { name: "a shared access signature", pattern: /(?:SharedAccessSignature=|[?&]sig=)[A-Za-z0-9%+/]{16,}/ },
  { name: "a connection string password", pattern: /(?:^|;)\s*(?:Password|Pwd)=[^;${\s][^;]*/i },
  { name: "credentials in a URL", pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@${}]+:[^/\s@${}]+@/i },
  // GitHub tokens: ghp_ (classic), gho_, ghu_, ghs_, ghr_, and fine-grained github_pat_.
  { name: "a GitHub token", pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{50,})\b/ },
  { name: "a GitLab token", pattern: /\bglpat-[A-Za-z0-9_-]{20,}\b/ },
  { name: "a Slack token", pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/ },
  { name: "a Google API key", pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: "a JSON Web Token", pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
  // A GCP service account key file pasted inline.
  { name: "a service account key file", pattern: /"private_key_id"\s*:\s*"[0-9a-f]{20,}"/ },
];

/**
 * Attribute names (the last path segment) that hold a secret whenever they hold a literal:
 * `password`, `admin_password`, `client_secret`, `secret_key`, `access_key`, `private_key`,
 * `api_key`, `auth_token`, `sas_token`, `connection_string`, `primary_access_key`…
 */
export const SECRET_ATTRIBUTE = /(?:^|_)(?:password|passwd|passphrase|client_secret|secret_key|secret_access_key|access_key|private_key|api_key|auth_token|access_token|sas_token|connection_string|primary_access_key|secondary_access_key|shared_key|secret_string|secret_data|token)$/;

/** Literal values that stand for "no secret here" rather than a secret. */
export const PLACEHOLDER_VALUE = /^(?:|true|false|null|none|\*+|<[^>]*>|changeme-in-secret-manager)$/i;
