/** The readers of the `cluster` and `ci` sections. */
import { checkImageSigningKey, checkMeshProxyImage } from "./admission-checks";
import { checkInstanceType, checkKubernetesVersion, checkRoleArnInAccount, MAX_NODE_GROUP_SIZE, nodeGroupSizeIssue } from "./cluster-checks";
import { checkCpu, checkMemory } from "./kubernetes-quantity";
import { integer, isMapping, issue, list, oneOf, Reader, shape, Shape, text } from "./readers";
import { CiConfig, ClusterConfig, NodeCapacity, NodeGroupConfig } from "./schema";
import { productionAtLeast } from "./security-checks";

/** Production keeps serving when one node is lost. */
const PRODUCTION_MIN_NODES = 2;

const CAPACITY: Shape<NodeCapacity> = {
  cpu: text(checkCpu),
  memory: text(checkMemory),
};

/**
 * The reader of `cluster`. `raw` is the whole environment as given: production and the node group's architecture
 * are peeked from it, so every field is checked even when those are themselves invalid.
 */
export function clusterReader(raw: Readonly<Record<string, unknown>>): Reader<ClusterConfig> {
  const production = raw.production === true;
  const accountId = typeof raw.accountId === "string" ? raw.accountId : undefined;
  const region = typeof raw.region === "string" ? raw.region : undefined;
  const cluster = isMapping(raw.cluster) ? raw.cluster : {};
  const nodeGroup = isMapping(cluster.nodeGroup) ? cluster.nodeGroup : {};
  const architecture = typeof nodeGroup.architecture === "string" ? nodeGroup.architecture : undefined;
  const fields: Shape<NodeGroupConfig> = {
    architecture: oneOf(["x86_64", "arm64"] as const),
    instanceTypes: list(text(checkInstanceType(architecture)), {
      minItems: 1,
      tooShortHint: 'list the instance types nodes may use, e.g. ["m7i.large"]',
      unique: { identity: "instance type" },
    }),
    minSize: integer(1, MAX_NODE_GROUP_SIZE, productionAtLeast(production, PRODUCTION_MIN_NODES, "nodes")),
    desiredSize: integer(1, MAX_NODE_GROUP_SIZE),
    maxSize: integer(1, MAX_NODE_GROUP_SIZE),
    capacityPerNode: shape(CAPACITY),
  };
  const readNodeGroup: Reader<NodeGroupConfig> = (value, at) => {
    const group = shape(fields)(value, at);
    const problem = group && nodeGroupSizeIssue(group);
    if (!problem) return group;
    return at.key(problem.field).report(issue(problem.message, problem.hint));
  };
  return shape<ClusterConfig>({
    kubernetesVersion: text(checkKubernetesVersion),
    nodeGroup: readNodeGroup,
    imageSigningKey: text(checkImageSigningKey(accountId, region)),
    meshProxyImage: text(checkMeshProxyImage(accountId, region)),
  });
}

/** The reader of `ci`; the environment's account is peeked from `raw`. */
export function ciReader(raw: Readonly<Record<string, unknown>>): Reader<CiConfig> {
  const accountId = typeof raw.accountId === "string" ? raw.accountId : undefined;
  return shape<CiConfig>({ publisherRoleArn: text(checkRoleArnInAccount(accountId)) });
}
