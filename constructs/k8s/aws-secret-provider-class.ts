import { Construct } from "constructs";
import { ApiObject } from "cdk8s";
import { stringify } from "yaml";
import { standardLabels } from "./labels";

/** One Secrets Manager secret mounted as a file. */
export interface MountedSecret {
  /** Full Secrets Manager name, e.g. `mcp/prod/github-tools/api-token`. */
  readonly secretName: string;
  /** File name under the mount path, e.g. `api-token`. */
  readonly fileName: string;
}

/** Properties of an {@link AwsSecretProviderClass}. */
export interface AwsSecretProviderClassProps {
  /** Namespace of the class (the pods that mount it are in the same namespace). */
  readonly namespace: string;
  /** Class name. */
  readonly name: string;
  /** The application that mounts it (`app.kubernetes.io/name`). */
  readonly application: string;
  /** AWS region of the secrets. */
  readonly region: string;
  /** The secrets, at least one. */
  readonly secrets: readonly MountedSecret[];
}

/** The Secrets Store CSI driver's API version of SecretProviderClass. */
export const SECRET_PROVIDER_CLASS_API_VERSION = "secrets-store.csi.x-k8s.io/v1";

/**
 * The SecretProviderClass object of {@link AwsSecretProviderClass}, as plain JSON: also applied outside a cdk8s chart
 * where it must exist before a Helm release's pods mount it (the ingress gateway's TLS files).
 */
export function awsSecretProviderClassObject(props: AwsSecretProviderClassProps): { apiVersion: string; kind: string; metadata: { name: string; namespace: string; labels: Record<string, string> }; spec: Record<string, unknown> } {
  if (props.secrets.length === 0) throw new Error(`AwsSecretProviderClass ${props.namespace}/${props.name}: list at least one secret`);
  const objects = props.secrets.map((secret) => ({ objectName: secret.secretName, objectType: "secretsmanager", objectAlias: secret.fileName }));
  return {
    apiVersion: SECRET_PROVIDER_CLASS_API_VERSION,
    kind: "SecretProviderClass",
    metadata: { name: props.name, namespace: props.namespace, labels: standardLabels(props.application) },
    spec: { provider: "aws", parameters: { region: props.region, usePodIdentity: "true", objects: stringify(objects) } },
  };
}

/**
 * A SecretProviderClass of the AWS provider of the Secrets Store CSI driver (MSH-03, ISO-02): the listed Secrets
 * Manager secrets are fetched at pod start with the pod's own EKS Pod Identity role (`usePodIdentity`) and
 * mounted as files on a tmpfs. No `secretObjects`: values are never synced into Kubernetes Secrets, where anyone
 * who can read Secrets in the namespace, and etcd backups, would see them.
 */
export class AwsSecretProviderClass extends Construct {
  /** The class's name. */
  readonly name: string;
  /** The SecretProviderClass object. */
  readonly secretProviderClass: ApiObject;

  constructor(scope: Construct, id: string, props: AwsSecretProviderClassProps) {
    super(scope, id);
    this.name = props.name;
    this.secretProviderClass = new ApiObject(this, "class", awsSecretProviderClassObject(props));
  }
}
