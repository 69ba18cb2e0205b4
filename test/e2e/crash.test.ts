import { describe, expect, it } from "vitest";
import { crashRounds } from "../reliability/crash-rounds";

// `npm run reliability` runs 20 rounds; CI runs three.
describe("crash safety (SQLite, SIGKILL during writes)", () => {
  it("keeps the database intact and every acknowledged write after 3 kills", async () => {
    const lines: string[] = [];
    const reports = await crashRounds({ rounds: 3, clients: 12, log: (l) => lines.push(l) });
    console.log(lines.join("\n"));
    for (const report of reports) {
      expect(report.integrity, `round ${report.round}`).toBe("ok");
      expect(report.missing, `round ${report.round}: acknowledged writes lost`).toEqual([]);
    }
    // The rounds must actually have written something before the kill, or they prove nothing.
    expect(reports.reduce((s, r) => s + r.acknowledged, 0)).toBeGreaterThan(0);
  }, 240_000);
});
