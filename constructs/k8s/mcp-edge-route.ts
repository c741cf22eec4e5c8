import { ApiObject } from "cdk8s";
import { Construct } from "constructs";
import { standardLabels } from "./labels";

/** Properties of an {@link McpEdgeRoute}. */
export interface McpEdgeRouteProps {
  /** The public MCP host, e.g. `mcp.example.com`: the only host routed. */
  readonly host: string;
  /** The edge Gateway the route is bound to, `<namespace>/<name>` (see EdgeGateway). */
  readonly gateway: string;
  /** The MCP gateway's namespace, Service name and port: the only destination. */
  readonly destination: { readonly namespace: string; readonly service: string; readonly port: number };
}

/**
 * The MCP host's way in from the edge (GW-01): a VirtualService in the MCP gateway's namespace, bound to the edge
 * Gateway, routing every request for the host to agentgateway and nowhere else. agentgateway authenticates each
 * request and routes it to a server; the mesh admits only the ingress gateway's identity to it.
 */
export class McpEdgeRoute extends Construct {
  readonly virtualService: ApiObject;

  constructor(scope: Construct, id: string, props: McpEdgeRouteProps) {
    super(scope, id);
    const { destination } = props;
    this.virtualService = new ApiObject(this, "virtual-service", {
      apiVersion: "networking.istio.io/v1",
      kind: "VirtualService",
      metadata: { name: `${destination.service}-edge`, namespace: destination.namespace, labels: standardLabels(destination.service) },
      spec: {
        hosts: [props.host],
        gateways: [props.gateway],
        http: [{ name: "mcp", route: [{ destination: { host: `${destination.service}.${destination.namespace}.svc.cluster.local`, port: { number: destination.port } } }] }],
      },
    });
  }
}
