import { Construct } from "constructs";
import { grantStorageAgentKeyAccess } from "../../../constructs/gcp/bucket-baseline";
import { KeyRing } from "../../../constructs/gcp/key-ring";
import { KmsKey } from "../../../constructs/gcp/kms-key";
import { PropagationDelay } from "../../../constructs/shared/propagation-delay";
import { Json, resourcesOf, synthConstruct } from "../../helpers/synth";

function keyIn(scope: Construct): KmsKey {
  const keyRing = new KeyRing(scope, "ring", { name: "acme-ai-prod", projectId: "acme-ai-prod", location: "europe-west1" });
  return new KmsKey(scope, "key", { purpose: "logs", keyRing });
}

function agentsOf(stack: Json): Record<string, Json> {
  return (stack["data"] as Record<string, Record<string, Json>>)["google_storage_project_service_account"]!;
}

describe("gcp grantStorageAgentKeyAccess", () => {
  test("looks up the project's Cloud Storage service agent and grants it encrypter/decrypter on the key", () => {
    const stack = synthConstruct((scope) => {
      grantStorageAgentKeyAccess(new Construct(scope, "a"), "acme-ai-prod", keyIn(scope));
    });
    expect(Object.values(agentsOf(stack))).toEqual([{ project: "acme-ai-prod" }]);
    expect(Object.values(resourcesOf(stack, "google_kms_crypto_key_iam_member"))).toEqual([
      {
        crypto_key_id: expect.stringMatching(/^\$\{google_kms_crypto_key\.key_[A-Z0-9]+\.id\}$/),
        role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
        member: expect.stringMatching(/^serviceAccount:\$\{data\.google_storage_project_service_account\.a_StorageAgent_[A-Z0-9]+\.email_address\}$/),
      },
    ]);
  });

  test("one grant per key and project in a stack: a second bucket of the project reuses the first grant", () => {
    const stack = synthConstruct((scope) => {
      const key = keyIn(scope);
      const first = grantStorageAgentKeyAccess(new Construct(scope, "a"), "acme-ai-prod", key);
      const second = grantStorageAgentKeyAccess(new Construct(scope, "b"), "acme-ai-prod", key);
      expect(second).toBe(first);
    });
    expect(Object.keys(agentsOf(stack))).toEqual([expect.stringMatching(/^a_StorageAgent_[A-Z0-9]+$/)]);
    expect(Object.keys(resourcesOf(stack, "google_kms_crypto_key_iam_member"))).toEqual([expect.stringMatching(/^a_StorageAgentKeyAccess_[A-Z0-9]+$/)]);
    expect(Object.keys(resourcesOf(stack, "time_sleep"))).toEqual([expect.stringMatching(/^a_StorageAgentKeyPropagation_[A-Z0-9]+$/)]);
  });

  test("another project's agent gets its own grant on the same key", () => {
    const stack = synthConstruct((scope) => {
      const key = keyIn(scope);
      grantStorageAgentKeyAccess(new Construct(scope, "a"), "acme-ai-prod", key);
      grantStorageAgentKeyAccess(new Construct(scope, "b"), "acme-ai-evidence", key);
    });
    expect(Object.values(agentsOf(stack))).toEqual([{ project: "acme-ai-prod" }, { project: "acme-ai-evidence" }]);
    expect(Object.keys(resourcesOf(stack, "google_kms_crypto_key_iam_member"))).toHaveLength(2);
  });

  test("the wait says which consumer needs which grant", () => {
    let reason: string | undefined;
    synthConstruct((scope) => {
      const holder = new Construct(scope, "a");
      grantStorageAgentKeyAccess(holder, "acme-ai-prod", keyIn(scope));
      reason = (holder.node.findChild("StorageAgentKeyPropagation") as PropagationDelay).reason;
    });
    expect(reason).toBe("the Cloud Storage service agent's grant on the CMEK key, before the bucket that encrypts with it");
  });
});
