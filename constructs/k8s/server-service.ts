import { Construct } from "constructs";
import * as k8s from "cdk8s-plus-33/lib/imports/k8s";
import { standardLabels } from "./labels";

/** Properties of a {@link ServerService}. */
export interface ServerServiceProps {
  /** Namespace of the service. */
  readonly namespace: string;
  /** Service name (the application's name). */
  readonly name: string;
  /** Labels of the pods it routes to. */
  readonly selector: Readonly<Record<string, string>>;
  /** Port of the service and of the pods' container. */
  readonly port: number;
  /** The protocol Istio applies to the port (`http`, `grpc`, `tcp`, ...). @default "http" */
  readonly appProtocol?: string;
}

/**
 * The in-cluster address of an MCP server (NET-01): a ClusterIP service only, never NodePort or LoadBalancer, so
 * the server is reachable only through the mesh and the gateway. The port is named `http` with
 * `appProtocol: http` (or the given protocol) so Istio applies HTTP routing and authorization to it.
 */
export class ServerService extends Construct {
  /** The Service object. */
  readonly service: k8s.KubeService;

  constructor(scope: Construct, id: string, props: ServerServiceProps) {
    super(scope, id);
    this.service = new k8s.KubeService(this, "service", {
      metadata: { name: props.name, namespace: props.namespace, labels: standardLabels(props.name) },
      spec: {
        type: "ClusterIP",
        selector: { ...props.selector },
        ports: [{ name: "http", port: props.port, targetPort: k8s.IntOrString.fromString("http"), protocol: "TCP", appProtocol: props.appProtocol ?? "http" }],
      },
    });
  }
}
