import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { DataAwsEksClusterAuth } from "@cdktf/provider-aws/lib/data-aws-eks-cluster-auth";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksCapability } from "@cdktf/provider-aws/lib/eks-capability";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { EphemeralResource } from "../shared/ephemeral-resource";
import { GitOpsBootstrapCommonProps, gitCredentialExpressions } from "../shared/gitops-bootstrap-props";
import { clusterProviders } from "../shared/gitops-providers";
import { GitOpsInstall } from "../shared/gitops-install";

export interface AwsGitOpsBootstrapProps extends GitOpsBootstrapCommonProps {
  /** Name of the existing EKS cluster, looked up with `data.aws_eks_cluster`. */
  readonly clusterName: string;
  /** Secrets Manager secret ARN with the Git credentials as JSON `{ "username", "password" }`. @default none: a public repository */
  readonly credentialsSecretArn?: string;
  /**
   * The managed Argo CD capability (`aws_eks_capability`, type ARGOCD) instead of the argo-cd
   * chart, signing users in through this IAM Identity Center instance.
   * @default none: the Helm chart
   */
  readonly managedArgoCd?: {
    /** IAM Identity Center instance the capability signs users in through (`aws_idc.idc_instance_arn`). */
    readonly identityCenterInstanceArn: string;
    /** Region of that Identity Center instance. */
    readonly identityCenterRegion: string;
    /** Name of the capability's role. */
    readonly roleName: string;
    /** The cluster's account: the role trusts the capability service only on its behalf. */
    readonly accountId: string;
    /** The account's partition, for the access policy's ARN. */
    readonly partition: string;
  };
}

/**
 * GitOps bootstrap of an existing EKS cluster (DESIGN §4): the cluster by `data.aws_eks_cluster`,
 * the providers with the token of `data.aws_eks_cluster_auth` (valid 15 minutes; no kubeconfig,
 * no client certificate), then GitOpsInstall. With `managedArgoCd` the controllers are the EKS
 * Argo CD capability, whose role trusts `capabilities.eks.amazonaws.com` only ("Create an Argo CD
 * capability", Amazon EKS User Guide), for this account only, and holds no policy: the repository is read with the
 * credentials Secret, not through Secrets Manager by the capability.
 */
export class AwsGitOpsBootstrap extends Construct {
  public readonly install: GitOpsInstall;

  constructor(scope: Construct, id: string, props: AwsGitOpsBootstrapProps) {
    super(scope, id);
    const cluster = new DataAwsEksCluster(this, "cluster", { name: props.clusterName });
    const auth = new DataAwsEksClusterAuth(this, "cluster-auth", { name: cluster.name });
    clusterProviders(this, {
      host: cluster.endpoint,
      clusterCaCertificate: Fn.base64decode(cluster.certificateAuthority.get(0).data),
      token: auth.token,
    });
    const credentials = props.credentialsSecretArn
      ? gitCredentialExpressions(new EphemeralResource(this, "git-credentials", "aws_secretsmanager_secret_version", { secret_id: props.credentialsSecretArn }), "secret_string")
      : undefined;
    const dependsOn = [];
    if (props.managedArgoCd) {
      const role = new IamRole(this, "capability-role", {
        name: props.managedArgoCd.roleName,
        description: "Assumed by the EKS Argo CD capability of this cluster only",
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{
            Effect: "Allow",
            Principal: { Service: "capabilities.eks.amazonaws.com" },
            Action: ["sts:AssumeRole", "sts:TagSession"],
            // Confused deputy: only on behalf of this account. The EKS guide's trust policy has
            // no condition; aws:SourceAccount is the global key STS sets for service calls
            // made for a resource (IAM User Guide, "The confused deputy problem").
            Condition: { StringEquals: { "aws:SourceAccount": props.managedArgoCd.accountId } },
          }],
        }),
      });
      const capability = new EksCapability(this, "argocd", {
        clusterName: cluster.name,
        capabilityName: "argocd",
        type: "ARGOCD",
        roleArn: role.arn,
        // Deleting the capability keeps the Applications it synced running (RETAIN).
        deletePropagationPolicy: "RETAIN",
        configuration: [{
          argoCd: [{
            namespace: "argocd",
            awsIdc: [{ idcInstanceArn: props.managedArgoCd.identityCenterInstanceArn, idcRegion: props.managedArgoCd.identityCenterRegion }],
          }],
        }],
      });
      // The capability's access entry carries no Kubernetes permissions ("Register target
      // clusters", Access Entry RBAC requirements): it syncs what Git holds, as the chart's
      // application controller does with cluster-admin. The AppProject still admits only
      // Namespace among cluster-scoped kinds.
      const access = new EksAccessPolicyAssociation(this, "capability-access", {
        clusterName: cluster.name,
        principalArn: role.arn,
        policyArn: `arn:${props.managedArgoCd.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
        accessScope: { type: "cluster" },
        dependsOn: [capability],
      });
      dependsOn.push(capability, access);
    }
    this.install = new GitOpsInstall(this, "install", {
      ...props.install,
      ...(credentials ? { credentials } : {}),
      install: props.managedArgoCd ? "eks-capability" : "helm",
      dependsOn,
      // The capability identifies the local cluster by ARN, not https://kubernetes.default.svc.
      ...(props.managedArgoCd ? { argoCdServer: cluster.arn } : {}),
    });
  }
}
