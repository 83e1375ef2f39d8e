import { TerraformElement } from "cdktf";
import { Construct } from "constructs";

/**
 * A Terraform `ephemeral` block (Terraform 1.10+), which cdktf 0.21's provider bindings do not
 * generate: a value read at plan and apply time and never written to the state or the plan file
 * (developer.hashicorp.com/terraform/language/ephemeral). Only provider configurations, other
 * ephemeral blocks and write-only arguments (`data_wo`, `set_wo`; Terraform 1.11+) may use it.
 * The blueprint reads Git credentials this way, so no secret value reaches the state.
 *
 * @example
 * const git = new EphemeralResource(this, "git", "aws_secretsmanager_secret_version", { secret_id: arn });
 * new SecretV1(this, "creds", { dataWo: { password: git.expression("jsondecode(%s)[\"password\"]", "secret_string") }, ... });
 */
export class EphemeralResource extends TerraformElement {
  /** The ephemeral resource type, e.g. `aws_secretsmanager_secret_version`. */
  public readonly type: string;
  private readonly body: Record<string, unknown>;

  constructor(scope: Construct, id: string, type: string, body: Record<string, unknown>) {
    super(scope, id, `ephemeral.${type}`);
    this.type = type;
    this.body = body;
  }

  /** `ephemeral.<type>.<name>.<attribute>`, for use inside an expression. */
  public reference(attribute: string): string {
    return `ephemeral.${this.type}.${this.friendlyUniqueId}.${attribute}`;
  }

  /** An interpolation of one attribute, optionally inside a function: `template` holds `%s` once. */
  public expression(template: string, attribute: string): string {
    return `\${${template.replace("%s", this.reference(attribute))}}`;
  }

  public override toTerraform(): Record<string, unknown> {
    return { ephemeral: { [this.type]: { [this.friendlyUniqueId]: this.body } } };
  }

  public override toMetadata(): Record<string, unknown> {
    return {};
  }
}
