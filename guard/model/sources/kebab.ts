/** A test's or a class's name as an attack class: `InstructionTag` → `instruction-tag`, `IPASmallCapsIMPORTANT` → `ipa-small-caps-important`. */
export function kebab(name: string): string {
  return name.replace(/_/g, "-").replace(/([a-z])([A-Z])/g, "$1-$2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2").toLowerCase();
}
