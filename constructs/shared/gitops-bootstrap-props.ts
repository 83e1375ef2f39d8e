import { EphemeralResource } from "./ephemeral-resource";
import { GitCredentialExpressions, GitOpsInstallProps } from "./gitops-install";

/** What every cloud's GitOpsBootstrap takes besides its cluster and its secret reference. */
export interface GitOpsBootstrapCommonProps {
  /** The engine, source, keys, facts, egress and admission settings (GitOpsInstall), without the credentials and the install mode the cloud decides. */
  readonly install: Omit<GitOpsInstallProps, "credentials" | "install" | "dependsOn" | "argoCdServer">;
}

/**
 * The Git credentials of a JSON secret `{ "username": ..., "password": ... }`, read through an
 * ephemeral value: Terraform decodes it at apply time and writes it only to the Secret's
 * write-only `data_wo`, so neither the state nor the plan holds it.
 */
export function gitCredentialExpressions(secret: EphemeralResource, attribute: string): GitCredentialExpressions {
  return {
    username: secret.expression('jsondecode(%s)["username"]', attribute),
    password: secret.expression('jsondecode(%s)["password"]', attribute),
  };
}
