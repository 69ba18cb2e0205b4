import { describe, expect, it } from "vitest";
import { isCrossSiteWrite } from "~/domain/request-origin";

const OWN = "http://localhost:3000";

describe("isCrossSiteWrite", () => {
  it("lets reads through whatever their headers", () => {
    expect(isCrossSiteWrite("GET", { origin: "https://evil.example", secFetchSite: "cross-site" }, OWN)).toBe(false);
    expect(isCrossSiteWrite("HEAD", { origin: "https://evil.example" }, OWN)).toBe(false);
  });

  it("accepts a write from the app's own pages", () => {
    expect(isCrossSiteWrite("POST", { origin: OWN, secFetchSite: "same-origin" }, OWN)).toBe(false);
    expect(isCrossSiteWrite("POST", { referer: `${OWN}/login?next=/` }, OWN)).toBe(false);
  });

  it("refuses a write whose Origin is another site, a sibling port or the opaque null origin", () => {
    expect(isCrossSiteWrite("POST", { origin: "https://evil.example" }, OWN)).toBe(true);
    expect(isCrossSiteWrite("DELETE", { origin: "http://localhost:3001" }, OWN)).toBe(true);
    expect(isCrossSiteWrite("POST", { origin: "null" }, OWN)).toBe(true);
  });

  it("refuses a write that browsers mark as cross-site or same-site even without Origin", () => {
    expect(isCrossSiteWrite("POST", { secFetchSite: "cross-site" }, OWN)).toBe(true);
    expect(isCrossSiteWrite("PUT", { secFetchSite: "same-site" }, OWN)).toBe(true);
  });

  it("refuses a write without Origin whose Referer is foreign or unparsable", () => {
    expect(isCrossSiteWrite("POST", { referer: "https://evil.example/form" }, OWN)).toBe(true);
    expect(isCrossSiteWrite("POST", { referer: "not a url" }, OWN)).toBe(true);
  });

  it("lets a write with no browser headers through (scripts carry no ambient cookies to forge)", () => {
    expect(isCrossSiteWrite("POST", {}, OWN)).toBe(false);
  });
});
