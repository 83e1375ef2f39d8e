import { gatePolicyFromSettings, GatePolicy, GateSettings, MalwareScanner } from "../gate/policy";

/**
 * The settings every deployed gate reads from its environment, whatever the cloud: written at
 * synth by {@link gateEnvironmentVariables} (one place for the names) and read at start-up by
 * {@link readGateEnvironment}, which refuses anything missing or malformed, so a misconfigured
 * function fails its first event loudly instead of approving with a default.
 */
export const GATE_ENV = {
  /** The registry's name. */
  registry: "GATE_REGISTRY",
  /** JSON `{lineageTags, gate}`: the registry's lineage tags and `gate` settings from config. */
  settings: "GATE_SETTINGS",
  /** PEM of the environment's model-signing public key. */
  signingPublicKey: "GATE_SIGNING_PUBLIC_KEY",
  /** The gate's identity URI: the VSA `verifier.id`. */
  verifierId: "GATE_VERIFIER_ID",
  /** SHA-256 of the deployed package: `verifier.version.package`. */
  packageSha256: "GATE_PACKAGE_SHA256",
  /** Where the policy is defined: the VSA `policy.uri`. */
  policyUri: "GATE_POLICY_URI",
  /** Days each approved copy is retained. */
  approvedRetentionDays: "GATE_APPROVED_RETENTION_DAYS",
} as const;

/** What {@link gateEnvironmentVariables} needs; values may be Terraform tokens. */
export interface GateEnvironmentInput {
  readonly registry: string;
  readonly lineageTags: readonly string[];
  readonly gate: GateSettings;
  readonly signingPublicKeyPem: string;
  readonly verifierId: string;
  readonly packageSha256: string;
  readonly policyUri: string;
  readonly approvedRetentionDays: number;
}

/** The environment variables of one registry's gate. */
export function gateEnvironmentVariables(input: GateEnvironmentInput): Record<string, string> {
  return {
    [GATE_ENV.registry]: input.registry,
    [GATE_ENV.settings]: JSON.stringify({ lineageTags: input.lineageTags, gate: input.gate }),
    [GATE_ENV.signingPublicKey]: input.signingPublicKeyPem,
    [GATE_ENV.verifierId]: input.verifierId,
    [GATE_ENV.packageSha256]: input.packageSha256,
    [GATE_ENV.policyUri]: input.policyUri,
    [GATE_ENV.approvedRetentionDays]: String(input.approvedRetentionDays),
  };
}

/** The gate's settings, read back. */
export interface GateEnvironment {
  readonly policy: GatePolicy;
  readonly signingPublicKeyPem: string;
  readonly verifier: { readonly id: string; readonly version: Readonly<Record<string, string>> };
  readonly policyUri: string;
  readonly approvedRetentionDays: number;
}

/** A setting the deployed gate cannot run without, or cannot read. */
export class GateEnvironmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GateEnvironmentError";
  }
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === "") throw new GateEnvironmentError(`environment variable ${name} is not set`);
  return value;
}

/**
 * Reads and checks the settings; the policy goes through the same validation as config. The
 * malware scanner is the handler's (its cloud's), not a setting: changing the function's
 * settings can tune the wait, never remove the check.
 */
export function readGateEnvironment(env: NodeJS.ProcessEnv, gateVersion: string, scanner: MalwareScanner): GateEnvironment {
  const registry = required(env, GATE_ENV.registry);
  let parsed: { lineageTags?: unknown; gate?: unknown };
  try {
    parsed = JSON.parse(required(env, GATE_ENV.settings)) as typeof parsed;
  } catch (e) {
    if (e instanceof GateEnvironmentError) throw e;
    throw new GateEnvironmentError(`${GATE_ENV.settings} is not JSON`);
  }
  if (!Array.isArray(parsed.lineageTags) || !parsed.lineageTags.every((t) => typeof t === "string") || typeof parsed.gate !== "object" || parsed.gate === null) {
    throw new GateEnvironmentError(`${GATE_ENV.settings} must be {"lineageTags": [...], "gate": {...}}`);
  }
  const policy = gatePolicyFromSettings(registry, parsed.lineageTags as string[], parsed.gate as GateSettings, scanner);
  const days = Number(required(env, GATE_ENV.approvedRetentionDays));
  if (!Number.isInteger(days) || days < 1) throw new GateEnvironmentError(`${GATE_ENV.approvedRetentionDays} must be a whole number of days`);
  const pem = required(env, GATE_ENV.signingPublicKey);
  if (!pem.includes("-----BEGIN PUBLIC KEY-----")) throw new GateEnvironmentError(`${GATE_ENV.signingPublicKey} is not a PEM public key`);
  return {
    policy,
    signingPublicKeyPem: pem,
    verifier: { id: required(env, GATE_ENV.verifierId), version: { gate: gateVersion, package: required(env, GATE_ENV.packageSha256) } },
    policyUri: required(env, GATE_ENV.policyUri),
    approvedRetentionDays: days,
  };
}

/**
 * The VSA `verifier.id` of one registry's gate: a URN built from names only, so it is known at
 * synth without referring to the function itself (a function's ARN in its own settings would
 * be a dependency cycle). The attestation key's signature, not this id, proves who decided.
 */
export function gateVerifierId(cloud: "aws" | "gcp" | "azure", organization: string, environment: string, registry: string): string {
  return `urn:ai-supply-chain-blueprint:promotion-gate:${cloud}:${organization}:${environment}:${registry}`;
}

/** The VSA `policy.uri`: where the policy the gate enforced is defined (the registry's `gate` settings). */
export function gatePolicyUri(cloud: "aws" | "gcp" | "azure", organization: string, environment: string, registry: string): string {
  return `urn:ai-supply-chain-blueprint:gate-policy:${cloud}:${organization}:${environment}:${registry}`;
}
