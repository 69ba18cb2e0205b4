import { describe, expect, it } from "vitest";
import { periodPresets } from "~/domain/periods";

describe("periodPresets", () => {
  it("offers the campaign, its quarters and months, clipped to the campaign", () => {
    const presets = periodPresets("2022-07-11", "2022-12-31");
    expect(presets[0]).toMatchObject({ key: "campaign", from: "2022-07-11", to: "2022-12-31" });
    expect(presets.filter((p) => p.key.startsWith("q")).map((p) => [p.from, p.to])).toEqual([
      ["2022-07-11", "2022-09-30"],
      ["2022-10-01", "2022-12-31"],
    ]);
    const months = presets.filter((p) => p.key.startsWith("m"));
    expect(months).toHaveLength(6);
    expect(months[0]).toMatchObject({ from: "2022-07-11", to: "2022-07-31" });
    expect(months.find((m) => m.key === "m2022-11")).toMatchObject({ from: "2022-11-01", to: "2022-11-30" });
  });

  it("adds years and leaves out months for a campaign over a year", () => {
    const presets = periodPresets("2023-03-01", "2024-06-30");
    expect(presets.filter((p) => p.key.startsWith("y")).map((p) => [p.from, p.to])).toEqual([
      ["2023-03-01", "2023-12-31"],
      ["2024-01-01", "2024-06-30"],
    ]);
    expect(presets.some((p) => p.key.startsWith("m"))).toBe(false);
  });
});
