import { AssetType, TerraformAsset, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { PropValidator } from "./validation-error";

/** A built function package as the constructs take it: the zip on disk and its SHA-256. */
export interface PackageFile {
  /** Path of the zip on the machine that synthesizes. */
  readonly zipPath: string;
  /** Lowercase hex SHA-256 of the zip: the asset's folder, the resources' source hash and tags. */
  readonly sha256: string;
  /**
   * Short name of the package, e.g. `promotion-gate-aws`: the asset's id, so a new build
   * replaces the previous one in `assets/` instead of adding a folder beside it.
   * @default - the digest's first 16 hex digits
   */
  readonly name?: string;
}

/**
 * The stack-relative path of `pkg` in the stack's `assets/`: one TerraformAsset per stack and
 * package, however many functions deploy it. Every registry's gate in a stack runs the same
 * zip, and an asset per function would copy it (0.5-1 MB) once per registry on every synth.
 * The asset lives at the stack's root, under the package's name, so it stays put when a
 * registry (and its function) leaves the config; its folder is `assets/<id>/<sha256>/`, the
 * digest given to cdktf rather than recomputed from the file (TerraformAsset's `assetHash`;
 * cdktf/lib/terraform-asset.js hashes the whole file otherwise).
 */
export function functionPackageAssetPath(scope: Construct, pkg: PackageFile): string {
  const stack = TerraformStack.of(scope);
  const id = `function-package-${pkg.name ?? pkg.sha256.slice(0, 16)}`;
  const existing = stack.node.tryFindChild(id);
  if (existing === undefined) return new TerraformAsset(stack, id, { path: pkg.zipPath, type: AssetType.FILE, assetHash: pkg.sha256 }).path;
  new PropValidator(scope, "package")
    .require(existing instanceof TerraformAsset && existing.assetHash === pkg.sha256, "FUNCTION_PACKAGE_NAME_TAKEN", "package.name", id, "one package per name in a stack: the same digest, or another name")
    .throwIfInvalid();
  return (existing as TerraformAsset).path;
}
