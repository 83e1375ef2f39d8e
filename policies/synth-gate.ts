import * as fs from "node:fs";
import * as path from "node:path";
import { App, TerraformStack } from "cdktf";
import { Acknowledgement } from "./acknowledgements";
import { evaluate, Evaluation } from "./engine";
import { stackFromSynth } from "./load-synth";
import { Json, StackModel, compareText } from "./model";

/**
 * Synth enforces the policies: after `app.synth()` every stack is evaluated, so `npm run synth`
 * and `cdktf synth|diff|deploy` (which run the same app) fail on an unacknowledged error before
 * anything reaches Terraform. The JSON is read back from the files synth wrote, which is what
 * Terraform will read; under `--hcl` (no JSON on disk) it comes from the stacks in memory.
 */
export function evaluateSynthesizedApp(app: App, acknowledgements: readonly Acknowledgement[], now: Date): Evaluation {
  const stacks: StackModel[] = app.node
    .findAll()
    .filter(TerraformStack.isStack)
    .map((stack) => {
      const name = stack.node.id;
      const file = path.join("stacks", name, "cdk.tf.json");
      const onDisk = path.join(app.outdir, file);
      const json = !app.hclOutput && fs.existsSync(onDisk) ? (JSON.parse(fs.readFileSync(onDisk, "utf8")) as Json) : (stack.toTerraform() as Json);
      return stackFromSynth(name, file, json);
    })
    .sort((a, b) => compareText(a.name, b.name));
  return evaluate({ stacks }, { acknowledgements, now });
}
