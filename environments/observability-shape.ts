/** The readers of the `observability` section: the pinned images of the cluster's log shipper, trace collector and runtime sensor. */
import { Agent, AGENT_IMAGES, isAgentImage } from "../policies/agent-images";
import { Check, issue, shape, text } from "./readers";
import { ObservabilityConfig } from "./schema";
import { checkPinnedImage } from "./workload-checks";

/** An image the policy rules recognize as the agent (by its repository name); otherwise synthesis would refuse the plan. */
function checkAgentImage(agent: Agent): Check<string> {
  const { title, repositories } = AGENT_IMAGES[agent];
  return (image) =>
    isAgentImage(agent, image)
      ? undefined
      : issue(
          `"${image}" is not recognized as an image of the ${title}: the policy rules find the ${title} by its image's repository name`,
          `use an image whose repository name is one of ${repositories.join(", ")} (mirror it under such a name, e.g. <registry>/mirror/${repositories[0]}@sha256:<digest>)`,
        );
}

/** The reader of `observability`: every image pinned by digest (MSH-01) and recognizable as its agent. */
export const observabilityReader = shape<ObservabilityConfig>({
  fluentBitImage: text(checkPinnedImage, checkAgentImage("fluentBit")),
  otelCollectorImage: text(checkPinnedImage, checkAgentImage("otelCollector")),
  falcoImage: text(checkPinnedImage, checkAgentImage("falco")),
});
