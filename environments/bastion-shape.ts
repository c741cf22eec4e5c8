/** The readers of the `bastion` section: instance, SSH accounts and keys, image rebuild and session settings. */
import {
  checkBastionInstanceType,
  checkBastionUserName,
  checkKeyListedOnce,
  checkKeyUserAllowed,
  checkPublicKey,
  checkRebuildSchedule,
  checkUserHasKey,
  PRODUCTION_MAX_INSTANCE_LIFETIME_DAYS,
  PRODUCTION_MAX_SESSION_IDLE_MINUTES,
  productionAtMost,
} from "./bastion-checks";
import { integer, isMapping, list, Reader, shape, text } from "./readers";
import { BastionAuthorizedKeyConfig, BastionConfig } from "./schema";

/** The strings of a raw list, or undefined when it is not a list. */
function rawStrings(value: unknown, field?: string): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.flatMap((item) => {
    const picked = field === undefined ? item : isMapping(item) ? item[field] : undefined;
    return typeof picked === "string" ? [picked] : [];
  });
}

/**
 * The reader of `bastion`. `raw` is the whole environment as given: production is peeked from it, and each list of the
 * section is checked against the other (every key's user is allowed, every allowed user has a key), so both are
 * reported even when one of them is itself invalid.
 */
export function bastionReader(raw: Readonly<Record<string, unknown>>): Reader<BastionConfig> {
  const production = raw.production === true;
  const section = isMapping(raw.bastion) ? raw.bastion : {};
  const allowUsers = rawStrings(section.allowUsers);
  const keyUsers = rawStrings(section.authorizedKeys, "user");
  const key: Reader<BastionAuthorizedKeyConfig> = shape<BastionAuthorizedKeyConfig>({
    user: text(checkBastionUserName, checkKeyUserAllowed(allowUsers)),
    publicKey: text(checkPublicKey, checkKeyListedOnce(rawStrings(section.authorizedKeys, "publicKey"))),
  });
  return shape<BastionConfig>({
    instanceType: text(checkBastionInstanceType),
    allowUsers: list(text(checkBastionUserName, checkUserHasKey(keyUsers)), {
      minItems: 1,
      tooShortHint: "list each administrator's personal account, e.g. [alice, bob]",
      unique: { identity: "user" },
    }),
    authorizedKeys: list(key, {
      minItems: 1,
      tooShortHint: 'add { user: alice, publicKey: "sk-ssh-ed25519@openssh.com AAAA... alice" } for each administrator',
    }),
    imageRebuildSchedule: text(checkRebuildSchedule),
    maxInstanceLifetimeDays: integer(1, 30, productionAtMost(production, PRODUCTION_MAX_INSTANCE_LIFETIME_DAYS, "days")),
    sessionIdleTimeoutMinutes: integer(1, 60, productionAtMost(production, PRODUCTION_MAX_SESSION_IDLE_MINUTES, "minutes")),
  });
}
