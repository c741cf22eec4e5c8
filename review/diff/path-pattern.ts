/**
 * The small pattern language of the control table (`attribute-controls.ts`): type globs and attribute path globs,
 * compiled to regular expressions once.
 */

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** A type glob: `*` matches any characters, `|` separates alternatives (`aws_vpc_security_group_*_rule|aws_security_group`). */
export function typePattern(glob: string): RegExp {
  const alternatives = glob.split("|").map((alternative) => alternative.split("*").map(escape).join(".*"));
  return new RegExp(`^(?:${alternatives.join("|")})$`);
}

function pathAlternative(glob: string): string {
  let regex = "";
  let index = 0;
  while (index < glob.length) {
    if (index === 0 && glob.startsWith("**.", index)) {
      regex += "(?:.*\\.)?";
      index += 3;
    } else if (glob.startsWith(".**.", index)) {
      regex += "\\.(?:.*\\.)?";
      index += 4;
    } else if (glob.startsWith(".**", index) && index + 3 === glob.length) {
      regex += "(?:[.[].*)?";
      index += 3;
    } else if (glob[index] === "*") {
      regex += "[^.]*";
      index += 1;
    } else {
      regex += escape(glob[index]);
      index += 1;
    }
  }
  return regex;
}

/**
 * An attribute path glob, matched against paths whose array elements are written `[]`: `*` matches within one
 * key, `**.` any keys before (including none), `.**.` any keys between, `.**` any keys after; `|` separates
 * alternatives; the empty glob matches only the empty path (the resource itself).
 */
export function pathPattern(glob: string): RegExp {
  return new RegExp(`^(?:${glob.split("|").map(pathAlternative).join("|")})$`);
}
