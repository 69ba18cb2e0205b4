import { TZDate } from "@date-fns/tz";
import { describe, expect, it } from "vitest";
import { APP_TIME_ZONE } from "~/domain/dates";
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

  it("reads every instant as the zone's own rules do, across offset changes and before 1970", () => {
    const slow = (ms: number) => {
      const tz = new TZDate(ms, APP_TIME_ZONE);
      const pad = (n: number) => String(n).padStart(2, "0");
      return { date: `${tz.getFullYear()}-${pad(tz.getMonth() + 1)}-${pad(tz.getDate())}`, time: `${pad(tz.getHours())}:${pad(tz.getMinutes())}` };
    };
    // 13/06/1975 00:00 (UTC+08:00) became 12/06 23:00 (UTC+07:00); LMT (+07:06:40) before 1906.
    const change = Date.UTC(1975, 5, 12, 16, 0);
    const instants = [change - 1, change, change + 1, change - 60_000, change + 14 * 60_000, Date.UTC(1900, 0, 1, 16, 53, 19), -1, 0, Date.UTC(2100, 11, 31, 16, 59, 59)];
    let seed = 7;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      instants.push(Date.UTC(1950, 0, 1) + Math.floor((seed / 2 ** 31) * (Date.UTC(2060, 0, 1) - Date.UTC(1950, 0, 1))));
    }
    // Twice: the second pass reads the remembered offsets.
    for (const pass of [1, 2]) for (const ms of instants) expect({ pass, ...wallClockParts(new Date(ms)) }).toEqual({ pass, ...slow(ms) });
    expect(wallClockParts(new Date(change))).toEqual({ date: "1975-06-12", time: "23:00" });
    expect(wallClockParts(new Date(change - 1))).toEqual({ date: "1975-06-12", time: "23:59" });
  });
});
