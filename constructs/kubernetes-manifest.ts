import { Construct } from "constructs";
import { anyToHclTerraform, hashMapperHcl, TerraformProvider, TerraformResource } from "cdktf";

/** The provider the resource belongs to, as the kubernetes provider's generated bindings (12.x) declare it. */
const KUBERNETES_PROVIDER = { providerName: "kubernetes", providerVersion: "2.38.0", providerVersionConstraint: "~> 2.0" };

/** Properties of a {@link KubernetesManifest}. */
export interface KubernetesManifestProps {
  /** The Kubernetes object, as Terraform JSON carries it (strings with `${` and `%{` escaped). */
  readonly manifest: Readonly<Record<string, unknown>>;
  /** The server-side apply field manager. */
  readonly fieldManager: { readonly name: string; readonly forceConflicts: boolean };
  /** The kubernetes provider. @default the stack's default kubernetes provider */
  readonly provider?: TerraformProvider;
}

/**
 * One Kubernetes object applied by the kubernetes provider's `kubernetes_manifest` resource (server-side apply), with
 * only the arguments the blueprint sets: `manifest` and `field_manager`. It writes the same Terraform JSON as the
 * generated `Manifest` binding of `@cdktf/provider-kubernetes`, which builds four computed-attribute helpers per
 * instance and copies the object once more when synthesizing it; a workloads stack holds thousands of these, so that
 * work was a large share of synthesis. Dependencies are set on {@link TerraformResource.dependsOn} like any resource.
 */
export class KubernetesManifest extends TerraformResource {
  constructor(scope: Construct, id: string, private readonly props: KubernetesManifestProps) {
    super(scope, id, { terraformResourceType: "kubernetes_manifest", terraformGeneratorMetadata: KUBERNETES_PROVIDER, provider: props.provider });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { manifest: this.props.manifest, field_manager: { name: this.props.fieldManager.name, force_conflicts: this.props.fieldManager.forceConflicts } };
  }

  /** The same attributes for `cdktf synth --hcl`, shaped as the generated binding shapes them. */
  protected synthesizeHclAttributes(): Record<string, unknown> {
    const { name, forceConflicts } = this.props.fieldManager;
    return {
      manifest: { value: hashMapperHcl(anyToHclTerraform)(this.props.manifest), isBlock: false, type: "map", storageClassType: "anyMap" },
      field_manager: {
        value: {
          force_conflicts: { value: forceConflicts, isBlock: false, type: "simple", storageClassType: "boolean" },
          name: { value: name, isBlock: false, type: "simple", storageClassType: "string" },
        },
        isBlock: true,
        type: "list",
        storageClassType: "ManifestFieldManagerList",
      },
    };
  }
}
