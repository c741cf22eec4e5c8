/** The access-review and emulation-plan renderers (review/): every table cell is escaped, so hostile names cannot break or forge rows. */
import { AccessReview } from "../policies/access-review";
import { EmulationPlan } from "../policies/emulation-plan";
import { renderAccessReview } from "../review/access-review";
import { renderEmulationPlan } from "../review/emulation-plan";

describe("review renderers escape table cells", () => {
  test("an access review whose binding, role, subject and client names carry pipes, line breaks and HTML stays one row each", () => {
    const review: AccessReview = {
      environment: "prod",
      stack: "mcp-prod",
      principals: [{ principal: "role a|b", policies: ["Admin | (cluster)"], groups: ["<script>"], bindings: [], problems: ["line\nbreak"] }],
      grants: [{ binding: "RoleBinding/ns/x|y", subjects: ["Group/g|h"], role: "ClusterRole/r|s", scope: "ns\nforged", rules: ["get on pods"], problems: [] }],
      realms: [
        { realm: "mcp-prod", defaultRoles: [], defaultRoleProblems: [], principals: [{ principal: "user <b>x</b>", roles: ["r|1"], problems: [] }], clients: [{ clientId: "mcp-a|b", fullScopeAllowed: false, serviceAccount: false, defaultScopes: ["acr"], optionalScopes: [], problems: [] }] },
      ],
    };
    const { markdown } = renderAccessReview(review);
    expect(markdown).toContain("| role a\\|b | Admin \\| (cluster) | &lt;script&gt; | - | line break |");
    expect(markdown).toContain("| RoleBinding/ns/x\\|y | Group/g\\|h | ClusterRole/r\\|s | ns forged | get on pods | - |");
    expect(markdown).toContain("| mcp-a\\|b | no | no | acr | - | - |");
    expect(markdown).toContain("| user &lt;b&gt;x&lt;/b&gt; | r\\|1 | - |");
    expect(markdown).not.toContain("<script>");
  });

  test("an emulation plan's controls and references are escaped", () => {
    const plan: EmulationPlan = {
      environment: "prod",
      stack: "mcp-prod",
      threatRulePack: "pack",
      servers: ["docs-search"],
      techniques: [{ id: "t1", name: "n", controls: ["IO-00|x"], references: ["<ref>"], intelligence: "i", steps: ["s"], expected: ["e"], detections: [{ what: "w", deployed: true, in: "plan" }], tests: ["test/x.test.ts"] }],
    };
    expect(renderEmulationPlan(plan).markdown).toContain("| `t1` | IO-00\\|x | &lt;ref&gt; | yes | `test/x.test.ts` |");
  });
});
