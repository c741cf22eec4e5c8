/** The readers of the `observability` section: the pinned images of the cluster's log shipper, trace collector and runtime sensor. */
import { shape, text } from "./readers";
import { ObservabilityConfig } from "./schema";
import { checkPinnedImage } from "./workload-checks";

/** The reader of `observability`: every image pinned by digest (MSH-01). */
export const observabilityReader = shape<ObservabilityConfig>({
  fluentBitImage: text(checkPinnedImage),
  otelCollectorImage: text(checkPinnedImage),
  falcoImage: text(checkPinnedImage),
});
