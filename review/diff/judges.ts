/**
 * Judges: how the control table ranks a change of one attribute as weaker, stronger or just changed. Each judge
 * is named by a short string, so a table entry stays one line. Whenever one part of a change loosens something
 * and another tightens something else, the change is weaker: a reviewer must look at it.
 */
import { REMOTE_ADMIN_PORTS } from "../../baselines/network";
import { cidrContains, parseCidr } from "../../shared/ipv4-cidr";
import { parseQuantity } from "../../environments/kubernetes-quantity";
import { canonicalJson, isRecord } from "./structural";
import { Effect } from "./types";

/**
 * - `review`: security-relevant, never ranked (always "changed").
 * - `required`: its presence protects: removing it is weaker, adding it stronger.
 * - `permissive`: its presence weakens: adding it is weaker, removing it stronger.
 * - `cidr`: address ranges: weaker when any address is newly admitted (`0.0.0.0/0` admits everything).
 * - `raised` / `lowered`: numbers and Kubernetes quantities (also inside blocks): weaker when any is raised
 *   (resp. lowered) or removed.
 * - `list-grows` / `list-shrinks`: lists (a single value counts as a list of one): weaker when an element is
 *   added (resp. removed).
 * - `additions`: like `list-grows`, for lists whose every element is a weakening (capabilities added, managed
 *   rules overridden): a new one with any element is weak in itself.
 * - `strong:<a>,<b>`: weaker when the value leaves the set, stronger when it enters it.
 * - `weak:<a>,<b>`: weaker when the value enters the set, stronger when it leaves it.
 * - `order:<weakest>,...,<strongest>`: weaker when the value moves down the ladder; an absent or unknown value
 *   ranks below the ladder.
 * - `ports`: the port range of a rule or entry (its `from_port` and `to_port`, judged together on the block that
 *   holds them; protocol `-1`/`all` or no ports means every port): weaker when it newly covers a remote
 *   administration port (SSH, RDP) or grows, stronger when it shrinks, changed when it moves (443 to 8443).
 * - `retention`: days kept, where 0 or absent means forever (CloudWatch Logs): weaker when shorter.
 * - `lifetime:<seconds>`: how long a token or session lives, `<seconds>` when absent (the default): weaker when longer.
 *
 * Values compare as text: `true`, `-1`, `ALL`; a block with one key (`{ "count": {} }`) as that key; absent as "".
 */
export type Judge =
  | "review"
  | "required"
  | "permissive"
  | "cidr"
  | "raised"
  | "lowered"
  | "list-grows"
  | "list-shrinks"
  | "additions"
  | `strong:${string}`
  | `weak:${string}`
  | `order:${string}`
  | "ports"
  | "retention"
  | `lifetime:${number}`;

/** Whether a string names a judge; for validating the table. */
export function isJudge(name: string): name is Judge {
  return (
    ["review", "required", "permissive", "cidr", "raised", "lowered", "list-grows", "list-shrinks", "additions", "ports", "retention"].includes(name) ||
    /^(strong|weak|order):[^,]+(,[^,]+)*$/.test(name) ||
    /^lifetime:\d+$/.test(name)
  );
}

/** A value as the set judges compare it. */
function token(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (isRecord(value) && Object.keys(value).length === 1) return Object.keys(value)[0];
  return typeof value === "object" ? canonicalJson(value) : String(value);
}

function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Weaker if anything loosened, else stronger if anything tightened, else changed. */
function rank(loosened: boolean, tightened: boolean): Effect {
  if (loosened) return "weaker";
  return tightened ? "stronger" : "changed";
}

function membership(values: readonly string[], before: unknown, after: unknown, inSetIsStrong: boolean): Effect {
  const wasIn = values.includes(token(before));
  const isIn = values.includes(token(after));
  if (wasIn === isIn) return "changed";
  return inSetIsStrong === wasIn ? "weaker" : "stronger";
}

function ladder(values: readonly string[], before: unknown, after: unknown): Effect {
  const [from, to] = [values.indexOf(token(before)), values.indexOf(token(after))];
  return from === to ? "changed" : rank(to < from, to > from);
}

function contains(outer: string, inner: string): boolean {
  if (outer === inner || outer === "::/0" || (outer === "0.0.0.0/0" && parseCidr(inner) !== undefined)) return true;
  return parseCidr(outer) !== undefined && parseCidr(inner) !== undefined && cidrContains(outer, inner);
}

function cidrs(before: unknown, after: unknown): Effect {
  const [was, is] = [list(before).map(String), list(after).map(String)];
  const admitted = is.some((cidr) => !was.some((old) => contains(old, cidr)));
  const withdrawn = was.some((cidr) => !is.some((now) => contains(now, cidr)));
  return rank(admitted, withdrawn);
}

/** The numbers of a value by path: a number, a quantity string, or the numeric leaves of a block. */
function numbers(value: unknown, path = ""): Map<string, number> {
  if (typeof value === "number") return new Map([[path, value]]);
  if (typeof value === "string") {
    const quantity = parseQuantity(value);
    return quantity === undefined ? new Map() : new Map([[path, quantity.value]]);
  }
  if (Array.isArray(value) || isRecord(value)) {
    const entries = Array.isArray(value) ? value.map((element, index) => [String(index), element] as const) : Object.entries(value);
    return new Map(entries.flatMap(([key, element]) => [...numbers(element, `${path}/${key}`)]));
  }
  return new Map();
}

function magnitudes(before: unknown, after: unknown, higherIsWeaker: boolean): Effect {
  const [was, is] = [numbers(before), numbers(after)];
  let loosened = false;
  let tightened = false;
  for (const [path, old] of was) {
    const now = is.get(path);
    if (now === undefined || (higherIsWeaker ? now > old : now < old)) loosened = true;
    else if (now !== old) tightened = true;
  }
  for (const path of is.keys()) if (!was.has(path)) tightened = true;
  return rank(loosened, tightened);
}

function lists(before: unknown, after: unknown, growingIsWeaker: boolean): Effect {
  const [was, is] = [list(before).map(canonicalJson), list(after).map(canonicalJson)];
  const grew = is.some((element) => !was.includes(element));
  const shrank = was.some((element) => !is.includes(element));
  return growingIsWeaker ? rank(grew, shrank) : rank(shrank, grew);
}

/** A port range, both ends included. */
type PortRange = readonly [from: number, to: number];

const EVERY_PORT: PortRange = [0, 65535];

/** The ports a rule or ACL entry admits: every port for protocol `-1`/`all`, without ports, or with a negative one (ICMP). */
export function portRange(value: unknown): PortRange {
  if (!isRecord(value)) return EVERY_PORT;
  const protocol = String(value["ip_protocol"] ?? value["protocol"] ?? "");
  const [from, to] = [value["from_port"], value["to_port"]].map((port) => (port === undefined || port === null ? undefined : Number(port)));
  if (protocol === "-1" || protocol === "all" || from === undefined || to === undefined || Number.isNaN(from) || Number.isNaN(to) || from < 0 || to < 0) return EVERY_PORT;
  return [from, to];
}

/** A port range as a reviewer reads it: `22`, `1024-3388`, `all`. */
export function portText([from, to]: PortRange): string {
  if (from === EVERY_PORT[0] && to === EVERY_PORT[1]) return "all";
  return from === to ? String(from) : `${from}-${to}`;
}

function ports(before: unknown, after: unknown): Effect {
  const [was, is] = [portRange(before), portRange(after)];
  const covers = (range: PortRange, port: number) => range[0] <= port && port <= range[1];
  const within = (inner: PortRange, outer: PortRange) => outer[0] <= inner[0] && inner[1] <= outer[1];
  if (REMOTE_ADMIN_PORTS.some((port) => covers(is, port) && !covers(was, port))) return "weaker";
  if (was[0] === is[0] && was[1] === is[1]) return "changed";
  if (within(is, was)) return "stronger";
  return within(was, is) ? "weaker" : "changed";
}

function retention(before: unknown, after: unknown): Effect {
  const days = (value: unknown) => (value === undefined || value === null || Number(value) === 0 ? Infinity : Number(value));
  const [was, is] = [days(before), days(after)];
  return rank(is < was, is > was);
}

function lifetime(absent: number, before: unknown, after: unknown): Effect {
  const seconds = (value: unknown) => (value === undefined || value === null ? absent : Number(value));
  const [was, is] = [seconds(before), seconds(after)];
  return rank(is > was, is < was);
}

/**
 * Whether a value is weak in itself, whatever it replaced: a value in a `weak:` set, the presence of a `permissive`
 * attribute, a non-empty list of `additions`, or address ranges that admit the whole internet. Attributes of a new
 * resource are judged by this.
 */
export function weakInItself(name: Judge, value: unknown): boolean {
  if (value === undefined) return false;
  if (name === "permissive") return true;
  if (name === "additions") return list(value).length > 0;
  if (name === "cidr") return list(value).some((cidr) => cidr === "0.0.0.0/0" || cidr === "::/0");
  return name.startsWith("weak:") && name.slice("weak:".length).split(",").includes(token(value));
}

/** Ranks the change of one attribute from `before` to `after` (undefined = absent). */
export function judge(name: Judge, before: unknown, after: unknown): Effect {
  const [kind, argument] = name.split(/:(.*)/s, 2) as [string, string | undefined];
  const values = argument?.split(",") ?? [];
  switch (kind) {
    case "required":
      return rank(before !== undefined && after === undefined, before === undefined && after !== undefined);
    case "permissive":
      return rank(before === undefined && after !== undefined, before !== undefined && after === undefined);
    case "cidr":
      return cidrs(before, after);
    case "raised":
      return magnitudes(before, after, true);
    case "lowered":
      return magnitudes(before, after, false);
    case "list-grows":
    case "additions":
      return lists(before, after, true);
    case "list-shrinks":
      return lists(before, after, false);
    case "strong":
      return membership(values, before, after, true);
    case "weak":
      return membership(values, before, after, false);
    case "order":
      return ladder(values, before, after);
    case "ports":
      return ports(before, after);
    case "retention":
      return retention(before, after);
    case "lifetime":
      return lifetime(Number(argument), before, after);
    default:
      return "changed";
  }
}
