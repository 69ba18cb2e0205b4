import { describe, expect, it } from "vitest";
import { fromBrowserWallClock, instantAt, toBrowserWallClock, wallClockParts } from "~/domain/wall-clock";

describe("Vietnamese wall clock", () => {
  it("places 08:00 in Hà Nội at 01:00 UTC", () => {
    expect(instantAt("2022-07-11", "08:00").toISOString()).toBe("2022-07-11T01:00:00.000Z");
    expect(instantAt("2022-07-11", "00:30").toISOString()).toBe("2022-07-10T17:30:00.000Z");
  });

  it("reads an instant back as Vietnamese date and time", () => {
    expect(wallClockParts(new Date("2022-07-10T17:30:00Z"))).toEqual({ date: "2022-07-11", time: "00:30" });
  });

  it("round-trips through the browser-local representation in this UTC test process", () => {
    const instant = new Date("2022-12-31T18:15:00Z"); // 01:15 on 1 January in Vietnam
    const local = toBrowserWallClock(instant);
    expect([local.getFullYear(), local.getMonth(), local.getDate(), local.getHours(), local.getMinutes()]).toEqual([2023, 0, 1, 1, 15]);
    expect(fromBrowserWallClock(local).toISOString()).toBe(instant.toISOString());
  });
});
