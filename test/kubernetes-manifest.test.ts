import { TerraformStack, Testing } from "cdktf";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { KubernetesManifest } from "../constructs/kubernetes-manifest";

const OBJECT = {
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "settings", namespace: "github-tools", labels: { "app.kubernetes.io/name": "github-tools" } },
  data: { "config.yaml": "a: $${literal}\n", list: "- 1\n- 2\n" },
};

/** Two stacks that apply the same object and wait for the same resource: one with the generated binding, one with KubernetesManifest. */
function stacks(): { binding: TerraformStack; ours: TerraformStack } {
  const make = (use: "binding" | "ours") => {
    const stack = new TerraformStack(Testing.app(), "workloads");
    new KubernetesProvider(stack, "kubernetes", { configPath: "~/.kube/config" });
    const namespace = new Manifest(stack, "Namespace_github-tools", { manifest: { apiVersion: "v1", kind: "Namespace", metadata: { name: "github-tools" } }, fieldManager: { name: "mcp-hardening", forceConflicts: false } });
    const props = { manifest: OBJECT, fieldManager: { name: "mcp-hardening", forceConflicts: false } };
    if (use === "binding") new Manifest(stack, "ConfigMap_github-tools_settings", { ...props, dependsOn: [namespace] });
    else new KubernetesManifest(stack, "ConfigMap_github-tools_settings", props).dependsOn = ["kubernetes_manifest.Namespace_github-tools"];
    return stack;
  };
  return { binding: make("binding"), ours: make("ours") };
}

describe("KubernetesManifest writes what the generated kubernetes_manifest binding writes", () => {
  test("the same Terraform JSON, byte for byte", () => {
    const { binding, ours } = stacks();
    expect(Testing.synth(ours)).toBe(Testing.synth(binding));
    expect(JSON.parse(Testing.synth(ours)).resource.kubernetes_manifest["ConfigMap_github-tools_settings"]).toEqual({
      depends_on: ["kubernetes_manifest.Namespace_github-tools"],
      field_manager: { force_conflicts: false, name: "mcp-hardening" },
      manifest: OBJECT,
    });
  });

  test("the same HCL, for apps that synthesize HCL", () => {
    const { binding, ours } = stacks();
    expect(Testing.synthHcl(ours)).toBe(Testing.synthHcl(binding));
  });
});
