import { PROTECTION } from "../constructs/shared/protection";
import { estimateRetentionCost } from "../constructs/shared/retention-cost";
import { estimateSecurityToolingCost, SecurityToolingInput } from "../constructs/shared/security-tooling-cost";
import { CLOUDS, Cloud, validateRetentionTier } from "../constructs/shared/retention-tier";
import { RETENTION_TIER_PRESET_NAMES, resolveRetentionTier } from "../constructs/shared/retention-presets";
import { formatProblem } from "../constructs/shared/validation-error";
import { awsPartition } from "./regions";
import { checkRegistries } from "./registry-checks";
import type { BlueprintConfig } from "./schema";
import { CI_IDENTITY_NAME } from "../constructs/shared/limits/ci";
import { satisfies } from "../constructs/shared/limits/text-rule";
import { modelRepositoryName } from "../constructs/shared/ci-identities";

type Path = Array<string | number>;

/** A problem that involves more than one field, reported at the field to change. */
export interface CrossCheckIssue {
  readonly path: Path;
  readonly message: string;
}

type Ctx = CrossCheckIssue[];

function issue(ctx: Ctx, path: Path, message: string): void {
  ctx.push({ path, message });
}

/** Clouds that are enabled and place the environment somewhere. */
export function cloudsOf(config: BlueprintConfig, environment: string): Cloud[] {
  return CLOUDS.filter((c) => {
    const cloud = config.clouds[c];
    return cloud?.enabled === true && environment in cloud.environments;
  });
}

/**
 * Checks that need more than one field: environments each cloud uses are declared and each
 * declared environment is listed under some cloud, tiers resolve and are valid on the clouds
 * that use them, cost ceilings hold, budgets have what each cloud needs, and each cloud block's
 * placement rules hold, enabled or not. Runs only on a document that passed the schema, so
 * every field is typed.
 */
export function crossCheck(config: BlueprintConfig): CrossCheckIssue[] {
  const ctx: Ctx = [];
  const declared = Object.keys(config.environments);
  if (declared.length === 0) {
    issue(ctx, ["environments"], "no environment declared; accepted: at least one, e.g. dev or prod");
  }
  if (!CLOUDS.some((c) => config.clouds[c]?.enabled)) {
    issue(ctx, ["clouds"], "no cloud enabled; accepted: at least one of aws, gcp, azure with enabled: true");
  }
  // With nothing declared, every cloud's environments are undeclared: that one line says it all.
  for (const name of declared.length > 0 ? CLOUDS : []) {
    // A disabled cloud is checked too (README: "still validated in full"): enabling it later
    // must not surface errors that were already there.
    const cloud = config.clouds[name];
    if (!cloud) continue;
    const used = Object.keys(cloud.environments);
    if (cloud.enabled && used.length === 0) {
      issue(ctx, ["clouds", name, "environments"], `no environment for an enabled cloud; accepted: one or more of ${declared.join(", ")}`);
    }
    for (const env of used.filter((e) => !declared.includes(e))) {
      issue(ctx, ["clouds", name, "environments", env], `environment not declared under environments; accepted: ${declared.join(", ")}`);
    }
  }
  // An environment no cloud lists would build nothing, silently (a cloud's own enabled: false
  // is the explicit way to leave an environment out).
  for (const env of declared.filter((e) => !CLOUDS.some((c) => config.clouds[c] && e in config.clouds[c].environments))) {
    issue(ctx, ["environments", env], `declared but listed under no cloud, so no stack would be built; accepted: an entry clouds.<cloud>.environments.${env}, or no environment ${env}`);
  }
  for (const name of Object.keys(config.retentionTiers)) {
    if ((RETENTION_TIER_PRESET_NAMES as readonly string[]).includes(name)) {
      issue(ctx, ["retentionTiers", name], `reuses a preset name; accepted: a name other than ${RETENTION_TIER_PRESET_NAMES.join(", ")}`);
    }
  }
  checkTiers(config, ctx);
  checkBudgets(config, ctx);
  checkSecurityCost(config, ctx);
  checkAwsPlacement(config, ctx);
  checkGcpPlacement(config, ctx);
  checkAzurePlacement(config, ctx);
  checkAzureFunctions(config, ctx);
  ctx.push(...checkRegistries(config));
  checkGitops(config, ctx);
  checkCi(config, ctx);
  return ctx;
}

/**
 * AWS: cost allocation tags can only be activated in an Organization's management account (or a
 * standalone account), which AWS advises to keep free of workloads.
 */
function checkAwsPlacement(config: BlueprintConfig, ctx: Ctx): void {
  const aws = config.clouds.aws;
  if (!aws) return; // disabled clouds too: validated in full
  const management = aws.managementAccount;
  if (aws.activateCostAllocationTags && !management) {
    issue(
      ctx,
      ["clouds", "aws", "managementAccount"],
      "missing, and activateCostAllocationTags needs it (only the Organization's management account can activate cost allocation tags); " +
        "accepted: a mapping with accountId and region of the management or a standalone account, or activateCostAllocationTags: false",
    );
  }
  const workloads = management && !management.allowWorkloads ? Object.entries(aws.environments).filter(([, placement]) => placement.accountId === management.accountId).map(([env]) => env) : [];
  if (management && workloads.length > 0) {
    issue(
      ctx,
      ["clouds", "aws", "managementAccount", "accountId"],
      `${management.accountId} also runs environment ${workloads.join(", ")}; accepted: an account that runs no environment, or allowWorkloads: true`,
    );
  }
  checkAwsEvidence(config, ctx);
  checkAwsFunctions(config, ctx);
}

/**
 * AWS functions: the gate deploys only as its signed zip under a code signing config in Enforce
 * mode, and Lambda cannot sign container images (Lambda Developer Guide, "Configuring code
 * signing": "Code signing is not supported for functions defined as a container image"). A
 * permissions boundary must be a policy of the environment's account: IAM attaches only those.
 */
function checkAwsFunctions(config: BlueprintConfig, ctx: Ctx): void {
  for (const [env, placement] of Object.entries(config.clouds.aws?.environments ?? {})) {
    const at = ["clouds", "aws", "environments", env, "functions"];
    const f = placement.functions;
    if (f.packageType === "image") {
      issue(ctx, [...at, "packageType"], "image, but the functions run under code signing in Enforce mode and Lambda cannot sign container images; accepted: zip");
    }
    const boundaryAccount = f.permissionsBoundary?.split(":")[4];
    if (boundaryAccount !== undefined && boundaryAccount !== placement.accountId) {
      issue(ctx, [...at, "permissionsBoundary"], `a policy of account ${boundaryAccount}, not the environment's ${placement.accountId}; accepted: a policy ARN of account ${placement.accountId}`);
    }
  }
}

/**
 * Azure functions: the registry, host and log accounts and the vault deny by default and admit
 * only the deployers' ranges, so a promotion gate outside a VNet-integrated subnet (admitted
 * through the Microsoft.Storage and Microsoft.KeyVault service endpoints) has every call refused
 * and every event dead-letters. An environment with registries therefore needs the subnet.
 */
function checkAzureFunctions(config: BlueprintConfig, ctx: Ctx): void {
  for (const [env, placement] of Object.entries(config.clouds.azure?.environments ?? {})) {
    if (placement.registries.length > 0 && placement.functions.subnetId === undefined) {
      issue(ctx, ["clouds", "azure", "environments", env, "functions", "subnetId"], "missing, but the promotion gates cannot reach the firewalled registry, host and log accounts and the Key Vault without VNet integration; accepted: the id of a subnet delegated to Microsoft.App/environments with the Microsoft.Storage and Microsoft.KeyVault service endpoints");
    }
  }
}

/**
 * AWS evidence account: the point is an account the environments' administrators do not
 * administer, so it hosts no environment, no state backend and is not the management account
 * (which administers the Organization). Its region may differ from the environments' (a trail
 * delivers to a bucket in any region), but not its partition: accounts, trails and principals
 * never cross partitions.
 */
function checkAwsEvidence(config: BlueprintConfig, ctx: Ctx): void {
  const aws = config.clouds.aws;
  const evidence = aws?.evidence;
  if (!aws || !evidence) return;
  const roles = [
    ...Object.entries(aws.environments).filter(([, p]) => p.accountId === evidence.accountId).map(([env]) => `environment ${env}`),
    ...(aws.stateBackend.accountId === evidence.accountId ? ["the state backend"] : []),
    ...(aws.managementAccount?.accountId === evidence.accountId ? ["the management account"] : []),
  ];
  if (roles.length > 0) {
    issue(
      ctx,
      ["clouds", "aws", "evidence", "accountId"],
      `${evidence.accountId} is also the account of ${roles.join(", ")}; accepted: an account of its own, whose administrators are not the environments'`,
    );
  }
  const partition = awsPartition(evidence.region);
  const elsewhere = Object.entries(aws.environments).filter(([, p]) => awsPartition(p.region) !== partition).map(([env, p]) => `${env} (${p.region})`);
  if (elsewhere.length > 0) {
    issue(
      ctx,
      ["clouds", "aws", "evidence", "region"],
      `${evidence.region} is in partition ${partition}, environment ${elsewhere.join(", ")} not; accepted: a region of the environments' partition`,
    );
  }
}

/**
 * GCP: one project per environment (the data-access audit configs are authoritative per
 * service and project, so two environments in one project would overwrite each other's), no
 * environment whose key ring would take the state ring's name, key administrators that are
 * listed once and are not the Cloud Storage service agent, which uses the keys, and an evidence
 * project (`evidence`) that is neither an environment's nor the state backend's.
 */
function checkGcpPlacement(config: BlueprintConfig, ctx: Ctx): void {
  const gcp = config.clouds.gcp;
  if (!gcp) return; // disabled clouds too: validated in full
  const owner = new Map<string, string>();
  for (const [env, { projectId }] of Object.entries(gcp.environments)) {
    const first = owner.get(projectId);
    if (first !== undefined) {
      issue(
        ctx,
        ["clouds", "gcp", "environments", env, "projectId"],
        `project ${projectId} is already environment ${first}'s, and audit configs are per project; accepted: one project per environment`,
      );
      continue;
    }
    owner.set(projectId, env);
    if (env === "tfstate" && projectId === gcp.stateBackend.projectId) {
      issue(ctx, ["clouds", "gcp", "environments", env], `its key ring would be named like the state backend's in project ${projectId}; accepted: another environment name or project`);
    }
  }
  gcp.keyAdminMembers.forEach((member, i) => {
    if (gcp.keyAdminMembers.findIndex((m) => m.toLowerCase() === member.toLowerCase()) < i) {
      issue(ctx, ["clouds", "gcp", "keyAdminMembers", i], `duplicates another member (${member}); accepted: each member once`);
    } else if (/@gs-project-accounts\.iam\.gserviceaccount\.com$/i.test(member)) {
      issue(ctx, ["clouds", "gcp", "keyAdminMembers", i], `${member} is a Cloud Storage service agent, which uses the keys; accepted: members that do not use keys`);
    }
  });
  // The evidence project is the one the environments' administrators do not administer: shared
  // with an environment or the state backend, its owners and its audit configs would be theirs.
  const evidence = gcp.evidence;
  if (!evidence) return;
  const accepted = "accepted: a project that holds no environment and no state backend";
  if (evidence.projectId === gcp.stateBackend.projectId) {
    issue(ctx, ["clouds", "gcp", "evidence", "projectId"], `project ${evidence.projectId} is also the state backend's; ${accepted}`);
  }
  const sharing = Object.entries(gcp.environments).filter(([, placement]) => placement.projectId === evidence.projectId).map(([env]) => env);
  if (sharing.length > 0) {
    issue(ctx, ["clouds", "gcp", "evidence", "projectId"], `project ${evidence.projectId} is also environment ${sharing.join(", ")}'s; ${accepted}`);
  }
}

/**
 * Azure: no environment named like the state backend's scope (`tfstate`) in the state
 * backend's subscription, where its resource group `rg-<org>-tfstate` and its log account would
 * take the state backend's names; an evidence subscription (`evidence`) that is neither an
 * environment's nor the state backend's. (A deployer listed in adminObjectIds needs no check: the
 * vault subtracts the deployer from the admins in Terraform, where its object id is known.)
 */
function checkAzurePlacement(config: BlueprintConfig, ctx: Ctx): void {
  const azure = config.clouds.azure;
  if (!azure) return; // disabled clouds too: validated in full
  for (const [env, { subscriptionId }] of Object.entries(azure.environments)) {
    if (env === "tfstate" && subscriptionId === azure.stateBackend.subscriptionId) {
      issue(
        ctx,
        ["clouds", "azure", "environments", env],
        `its resource group and log account would be named like the state backend's in subscription ${subscriptionId}; accepted: another environment name or subscription`,
      );
    }
  }
  // The evidence subscription is the one the environments' administrators do not administer:
  // shared with an environment or the state backend, its Owners would be theirs.
  const evidence = azure.evidence;
  if (!evidence) return;
  const accepted = "accepted: a subscription that runs no environment and holds no state backend";
  if (evidence.subscriptionId === azure.stateBackend.subscriptionId) {
    issue(ctx, ["clouds", "azure", "evidence", "subscriptionId"], `${evidence.subscriptionId} is also the state backend's subscription; ${accepted}`);
  }
  const sharing = Object.entries(azure.environments).filter(([, placement]) => placement.subscriptionId === evidence.subscriptionId).map(([env]) => env);
  if (sharing.length > 0) {
    issue(ctx, ["clouds", "azure", "evidence", "subscriptionId"], `${evidence.subscriptionId} also runs environment ${sharing.join(", ")}; ${accepted}`);
  }
}

function checkTiers(config: BlueprintConfig, ctx: Ctx): void {
  const reported = new Set<string>();
  // Every custom tier must hold on every enabled cloud, used or not: an environment may select
  // it later, and a tier that only fails then is a surprise in someone else's change.
  const enabled = CLOUDS.filter((c) => config.clouds[c]?.enabled === true);
  for (const [name, fields] of Object.entries(config.retentionTiers)) {
    for (const p of validateRetentionTier({ name, ...fields }, enabled)) {
      const key = `${name}|${p.prop}|${p.code}|${p.constructPath}`;
      if (reported.has(key)) continue;
      reported.add(key);
      issue(ctx, ["retentionTiers", name, p.prop], formatProblem(p));
    }
  }
  for (const [env, settings] of Object.entries(config.environments)) {
    const logs = settings.logs;
    const clouds = cloudsOf(config, env);
    const tier = resolveRetentionTier(logs.retentionTier, config.retentionTiers);
    if (!tier) {
      const known = [...new Set([...RETENTION_TIER_PRESET_NAMES, ...Object.keys(config.retentionTiers)])].join(", ");
      issue(ctx, ["environments", env, "logs", "retentionTier"], `unknown tier "${logs.retentionTier}"; accepted: ${known}`);
      continue;
    }
    const problems = validateRetentionTier(tier, clouds);
    const custom = logs.retentionTier in config.retentionTiers;
    for (const p of problems) {
      // A custom tier's problem belongs to its own field, reported once however many use it.
      const path: Path = custom ? ["retentionTiers", logs.retentionTier, p.prop] : ["environments", env, "logs", "retentionTier"];
      const key = custom ? `${logs.retentionTier}|${p.prop}|${p.code}|${p.constructPath}` : `${path.join(".")}|${p.code}|${p.constructPath}`;
      if (reported.has(key)) continue;
      reported.add(key);
      issue(ctx, path, formatProblem(p));
    }
    const ceiling = logs.maxMonthlyLogCost;
    if (problems.length > 0 || ceiling === undefined) continue;
    const over = clouds
      .map((cloud) => ({ cloud, usd: estimateRetentionCost(tier, cloud, logs.ingestGbPerDay).steadyStateMonthlyUsd }))
      .filter((e) => e.usd > ceiling);
    if (over.length > 0) {
      const costs = over.map((e) => `$${e.usd.toFixed(2)} on ${e.cloud}`).join(", ");
      const needed = Math.ceil(Math.max(...over.map((e) => e.usd)));
      issue(
        ctx,
        ["environments", env, "logs", "maxMonthlyLogCost"],
        `the ${tier.name} tier at ${logs.ingestGbPerDay} GB/day costs ${costs} per month at steady state, above $${ceiling.toFixed(2)}; ` +
          `accepted: a limit of at least $${needed}, a cheaper tier or a lower ingest`,
      );
    }
  }
}

/**
 * The declared volumes of `environment` on `cloud` for the security tooling estimate
 * (constructs/shared/security-tooling-cost.ts): its registries there, its audit log volume, its
 * CloudTrail data events, and the cloud's threat detection switch (`clouds.aws.threatDetection.
 * guardDuty`, `clouds.azure.threatDetection.defenderPlans`; GCP has none). Undefined when the
 * cloud does not place the environment. Shared by this check and `blueprint finops --security`,
 * so the limit and the table price the same thing.
 */
export function securityToolingInput(config: BlueprintConfig, environment: string, cloud: Cloud): SecurityToolingInput | undefined {
  const settings = config.environments[environment];
  const placement: { registries: ReadonlyArray<{ name: string; monthlyUploadGb?: number | undefined }> } | undefined = config.clouds[cloud]?.environments[environment];
  if (!settings || !placement) return undefined;
  const threatDetection = cloud === "aws" ? config.clouds.aws?.threatDetection.guardDuty : cloud === "azure" ? config.clouds.azure?.threatDetection.defenderPlans : undefined;
  return {
    environment,
    registries: placement.registries.map((r) => (r.monthlyUploadGb === undefined ? { name: r.name } : { name: r.name, monthlyUploadGb: r.monthlyUploadGb })),
    logIngestGbPerDay: settings.logs.ingestGbPerDay,
    dataEventsPerMonth: settings.monitoring.dataEventsPerMonth,
    ...(threatDetection === undefined ? {} : { threatDetection }),
    // The trail's CloudWatch Logs copy is kept as long as the functions' logs (AiSupplyChainAws).
    counts: { awsTrailLogRetentionDays: PROTECTION[settings.protection].functionLogRetentionDays },
  };
}

/**
 * monitoring.maxMonthlySecurityCost: like maxMonthlyLogCost, the environment's security tooling
 * (detectors, malware scanning, alarms, their log copies) must not cost more per month on any
 * enabled cloud that places it. Only what the declared volumes price counts: items the estimate
 * lists as not estimated add nothing, and the message says how many there are.
 */
function checkSecurityCost(config: BlueprintConfig, ctx: Ctx): void {
  for (const [env, settings] of Object.entries(config.environments)) {
    const ceiling = settings.monitoring.maxMonthlySecurityCost;
    if (ceiling === undefined) continue;
    const over = cloudsOf(config, env)
      .map((cloud) => ({ cloud, input: securityToolingInput(config, env, cloud) }))
      .flatMap(({ cloud, input }) => (input === undefined ? [] : [estimateSecurityToolingCost(input, cloud)]))
      .filter((e) => e.totalMonthlyUsd > ceiling);
    if (over.length > 0) {
      const costs = over.map((e) => `$${e.totalMonthlyUsd.toFixed(2)} on ${e.cloud}`).join(", ");
      const unpriced = over.reduce((t, e) => t + e.notEstimated, 0);
      const unpricedNote = unpriced === 0 ? "" : ` (${unpriced} more item${unpriced === 1 ? "" : "s"} not estimated)`;
      const needed = Math.ceil(Math.max(...over.map((e) => e.totalMonthlyUsd)));
      issue(
        ctx,
        ["environments", env, "monitoring", "maxMonthlySecurityCost"],
        `environment ${env}'s security tooling costs ${costs} per month${unpricedNote}, above $${ceiling.toFixed(2)}; ` +
          `accepted: a limit of at least $${needed}, fewer registries or lower declared volumes (blueprint finops --security lists every line)`,
      );
    }
  }
}

function checkBudgets(config: BlueprintConfig, ctx: Ctx): void {
  for (const [env, settings] of Object.entries(config.environments)) {
    const budget = settings.budget;
    if (!budget) continue;
    const clouds = cloudsOf(config, env);
    if (clouds.includes("gcp") && !config.clouds.gcp?.billingAccountId) {
      issue(ctx, ["clouds", "gcp", "billingAccountId"], `missing, and environments.${env}.budget needs it on GCP; accepted: a billing account id such as 012345-6789AB-CDEF01`);
    }
    if (clouds.includes("azure") && !budget.startMonth) {
      issue(ctx, ["environments", env, "budget", "startMonth"], "missing, and Azure budgets need a start month; accepted: a month as YYYY-MM, e.g. 2026-12");
    }
    budget.recipients.forEach((recipient, i) => {
      if (budget.recipients.findIndex((r) => r.toLowerCase() === recipient.toLowerCase()) < i) {
        issue(ctx, ["environments", env, "budget", "recipients", i], `duplicates another recipient (${recipient}); accepted: each address once`);
      }
    });
    const seen = new Set<string>();
    (budget.alerts ?? []).forEach((alert, i) => {
      const key = `${alert.percent}/${alert.basis}`;
      if (seen.has(key)) {
        issue(ctx, ["environments", env, "budget", "alerts", i], `duplicates another alert (${alert.percent}% ${alert.basis}); accepted: each percent and basis once`);
      }
      seen.add(key);
    });
  }
}

/**
 * GitOps (config/gitops.ts): a bootstrap needs registries (their signing key and image registry
 * anchor the admission policies), and a `strict` environment (environments.<env>.protection)
 * refuses of its bootstrap, on every cloud, a branch, which moves under the cluster without a
 * config change, and admission policies that only audit. Environments that are not
 * declared are skipped: their protection is unknown, and that is reported already.
 */
function checkGitops(config: BlueprintConfig, ctx: Ctx): void {
  for (const cloud of CLOUDS) {
    for (const [env, placement] of Object.entries(config.clouds[cloud]?.environments ?? {})) {
      const gitops = placement.gitops;
      const protection = config.environments[env]?.protection;
      if (!gitops || !protection) continue;
      const at = ["clouds", cloud, "environments", env, "gitops"];
      // The admission policies admit images signed with the signing key, pushed to the image
      // registry, that an environment has only with registries (stacks/gitops.ts).
      if (placement.registries.length === 0) {
        issue(ctx, at, "set, but the environment has no registries, and the admission policies the bootstrap installs need the signing key and image registry that registries bring; accepted: at least one entry under registries, or no gitops");
      }
      const branch = gitops.repository.revision.branch;
      if (protection === "strict" && branch !== undefined) {
        issue(ctx, [...at, "repository", "revision"], `branch ${JSON.stringify(branch)} in a strict environment, where the deployed revision must not move without a config change; accepted: a tag or a full commit SHA, e.g. { tag: v1.4.0 }`);
      }
      if (protection === "strict" && gitops.admission === "audit") {
        issue(ctx, [...at, "admission"], "audit in a strict environment, where the admission policies must deny what they do not admit; accepted: enforce, or no admission key (enforce under strict)");
      }
    }
  }
}

/** Where each cloud places an environment: the account, project or subscription its CI identities live in. */
const CI_PLACEMENT: Readonly<Partial<Record<Cloud, { key: string; of: (placement: object) => string }>>> = {
  aws: { key: "accountId", of: (p) => (p as { accountId: string }).accountId },
  // GCP refuses two environments in one project already (checkGcpPlacement).
  azure: { key: "subscriptionId", of: (p) => (p as { subscriptionId: string }).subscriptionId },
};

/**
 * Release automation: every CI environment is declared and built somewhere, in its own account,
 * project or subscription per cloud (an AWS account has one OIDC provider per issuer, and the
 * identities' names carry no environment on GCP); every model repository has a name that fits
 * the identities, its own, and registries that exist in a CI environment.
 */
function checkCi(config: BlueprintConfig, ctx: Ctx): void {
  const ci = config.ci;
  const declared = Object.keys(config.environments);
  // With no environment declared or no cloud enabled, the lines above already say what to fix.
  if (!ci || declared.length === 0 || !CLOUDS.some((c) => config.clouds[c]?.enabled)) return;
  ci.environments.forEach((env, i) => {
    if (!declared.includes(env)) {
      issue(ctx, ["ci", "environments", i], `environment ${JSON.stringify(env)} is not declared under environments, and a deploy identity needs an environment; accepted: one of ${declared.join(", ")}`);
    } else if (ci.environments.indexOf(env) !== i) {
      issue(ctx, ["ci", "environments", i], `environment ${JSON.stringify(env)} is listed twice; accepted: each environment once, in deploy order`);
    } else if (cloudsOf(config, env).length === 0) {
      issue(ctx, ["ci", "environments", i], `environment ${JSON.stringify(env)} is placed on no enabled cloud, so nothing would trust its deploy job; accepted: an environment under clouds.<cloud>.environments of an enabled cloud`);
    }
  });
  for (const cloud of CLOUDS) {
    const settings = config.clouds[cloud];
    const rule = CI_PLACEMENT[cloud];
    if (!settings?.enabled || !rule) continue;
    const seen = new Map<string, string>();
    for (const env of new Set(ci.environments)) {
      const placement = settings.environments[env];
      if (!placement) continue;
      const where = rule.of(placement);
      const other = seen.get(where);
      if (other !== undefined) {
        issue(ctx, ["clouds", cloud, "environments", env, rule.key], `${where} also holds CI environment ${other}, and each CI environment's identities need their own (one OIDC provider per AWS account, one set of CI service accounts per GCP project, one CI resource group per subscription); accepted: a different ${rule.key}, or ${env} out of ci.environments`);
      }
      seen.set(where, env);
    }
  }
  const names = new Map<string, number>();
  const ciRegistries = new Set(
    CLOUDS.flatMap((c) => (config.clouds[c]?.enabled ? ci.environments.flatMap((env) => config.clouds[c]!.environments[env]?.registries.map((r) => r.name) ?? []) : [])),
  );
  ci.modelRepositories.forEach((m, i) => {
    const at = ["ci", "modelRepositories", i];
    if (m.repository.toLowerCase() === ci.repository.toLowerCase()) {
      issue(ctx, [...at, "repository"], `is the blueprint's own repository, whose deploy jobs would then also get the publisher identity; accepted: a repository other than ${ci.repository}`);
    }
    if (ci.modelRepositories.findIndex((o) => o.repository.toLowerCase() === m.repository.toLowerCase()) !== i) {
      issue(ctx, [...at, "repository"], `${JSON.stringify(m.repository)} is listed twice; accepted: each model repository once, with all its registries`);
    }
    const name = modelRepositoryName(m);
    if (m.name === undefined && !satisfies(CI_IDENTITY_NAME, name)) {
      issue(ctx, [...at, "name"], `missing, and the name derived from the repository, ${JSON.stringify(name)}, does not fit the identities' names; accepted: ${CI_IDENTITY_NAME.accepted}`);
    }
    const first = names.get(name);
    if (first !== undefined && first !== i) {
      issue(ctx, [...at, "name"], `${JSON.stringify(name)} is also the name of ci.modelRepositories[${first}], and each publisher identity needs its own; accepted: a distinct name`);
    } else names.set(name, i);
    m.registries.forEach((r, j) => {
      if (!ciRegistries.has(r)) {
        issue(ctx, [...at, "registries", j], `registry ${JSON.stringify(r)} exists in no CI environment (${ci.environments.join(", ")}) of an enabled cloud; accepted: the name of a registry under clouds.<cloud>.environments.<env>.registries`);
      }
    });
  });
}
