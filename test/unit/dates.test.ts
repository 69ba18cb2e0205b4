import { describe, expect, it } from "vitest";
import { daysUntil, formatDate, formatDateOnly, formatDateTime, formatTime, todayInAppZone } from "~/domain/dates";
import { formatNumber } from "~/domain/numbers";

describe("dates in Vietnam's zone whatever the server's", () => {
  it("runs this suite in UTC so a zone slip shows", () => {
    expect(new Date("2022-07-11T01:00:00Z").getHours()).toBe(1);
  });

  it("shows 08:00 Vietnam time for 01:00 UTC, 24-hour clock, dd/MM/yyyy", () => {
    const instant = new Date("2022-07-11T01:00:00Z");
    expect(formatTime(instant)).toBe("08:00");
    expect(formatDateTime(instant)).toBe("11/07/2022 08:00");
    expect(formatTime(new Date("2022-07-11T08:30:00Z"))).toBe("15:30");
  });

  it("puts a late-evening UTC instant on the next Vietnamese day", () => {
    const instant = new Date("2022-12-31T18:00:00Z");
    expect(formatDate(instant)).toBe("01/01/2023");
    expect(todayInAppZone(instant)).toBe("2023-01-01");
  });

  it("formats calendar dates without any zone arithmetic", () => {
    expect(formatDateOnly("2022-01-05")).toBe("05/01/2022");
  });

  it("counts days to a deadline, negative once it has passed", () => {
    expect(daysUntil("2022-12-25", "2022-12-20")).toBe(5);
    expect(daysUntil("2022-12-25", "2022-12-25")).toBe(0);
    expect(daysUntil("2022-12-25", "2023-01-02")).toBe(-8);
  });
});

describe("numbers", () => {
  it("uses Vietnamese separators by default", () => {
    expect(formatNumber(3150)).toBe("3.150");
    expect(formatNumber(12.5)).toBe("12,5");
    expect(formatNumber(1234567, "en")).toBe("1,234,567");
  });
});
