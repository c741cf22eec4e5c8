/**
 * The cluster agents the rules find by their image's repository name (the last path segment, without tag or digest):
 * a Fluent Bit, OpenTelemetry Collector or Falco workload is one whose container runs one of these. The environment
 * validator refuses an agent image the rules would not recognize, so a config that validates is never refused by
 * synthesis for it.
 */

/** The repository name of an image, without registry, path, tag or digest (`fluent-bit` for `cr.fluentbit.io/fluent/fluent-bit@sha256:…`). */
export function imageName(image: unknown): string {
  const withoutDigest = String(image ?? "").split("@")[0];
  const last = withoutDigest.split("/").pop() ?? "";
  return last.split(":")[0];
}

/** Each agent: what it is called, and the repository names of its images. */
export const AGENT_IMAGES = {
  fluentBit: { title: "Fluent Bit", repositories: ["fluent-bit", "aws-for-fluent-bit"] },
  otelCollector: {
    title: "OpenTelemetry Collector",
    repositories: ["aws-otel-collector", "opentelemetry-collector", "opentelemetry-collector-contrib", "opentelemetry-collector-k8s", "otelcol", "otelcol-contrib", "otelcol-k8s"],
  },
  falco: { title: "Falco", repositories: ["falco", "falco-no-driver", "falco-distroless"] },
} as const;

/** One of the agents. */
export type Agent = keyof typeof AGENT_IMAGES;

/** Whether an image reference (`registry/path/name@sha256:...`) or a bare repository name is one of the agent's images. */
export function isAgentImage(agent: Agent, image: string): boolean {
  return (AGENT_IMAGES[agent].repositories as readonly string[]).includes(imageName(image));
}
