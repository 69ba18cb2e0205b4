import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInWithThrottle } from "~/services/auth.server";
import { delaySeconds, FREE_FAILURES, MAX_DELAY_S, recordFailure, secondsToWait, WINDOW_MS } from "~/services/login-throttle.server";
import { demoDatabase, testDialects, type TestDatabase } from "../support/databases";

const PASSWORD = "Demo@2022";
const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);

describe("the delay schedule", () => {
  it("is free for the first failures, then doubles from 1 s, capped at 15 minutes", () => {
    expect([1, 2, 3, 4].map(delaySeconds)).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 14].map(delaySeconds)).toEqual([1, 2, 4, 8, 512]);
    expect(delaySeconds(15)).toBe(MAX_DELAY_S);
    expect(delaySeconds(1000)).toBe(MAX_DELAY_S);
  });
});

describe.each(testDialects())("per-account sign-in throttling on %s", (dialect) => {
  let database: TestDatabase;
  const db = () => database.handle.db;
  beforeAll(async () => {
    database = await demoDatabase(dialect, "throttle");
  });
  afterAll(() => database?.dispose());

  it("makes a login wait after five failures, refuses even the right password while it waits, and resets on success", async () => {
    const t0 = new Date("2030-01-01T00:00:00Z");
    for (let n = 1; n < FREE_FAILURES; n++) {
      expect(await signInWithThrottle(db(), "coso.bientap", "sai", at(t0, n))).toEqual({ ok: false, waitSeconds: 0 });
    }
    // The fifth failure starts the delay.
    expect(await signInWithThrottle(db(), "coso.bientap", "sai", at(t0, 5))).toEqual({ ok: false, waitSeconds: 1 });
    // While it waits, the right password is not even checked.
    expect(await signInWithThrottle(db(), "coso.bientap", PASSWORD, at(t0, 5.5))).toEqual({ ok: false, waitSeconds: 1 });
    // After the wait, each failure doubles it.
    expect(await signInWithThrottle(db(), "coso.bientap", "sai", at(t0, 7))).toEqual({ ok: false, waitSeconds: 2 });
    expect(await signInWithThrottle(db(), "coso.bientap", "sai", at(t0, 10))).toEqual({ ok: false, waitSeconds: 4 });
    expect(await secondsToWait(db(), "COSO.BIENTAP ", at(t0, 11))).toBe(3);
    // Another account is not affected.
    expect(await signInWithThrottle(db(), "huyen.bientap", PASSWORD, at(t0, 11))).toMatchObject({ ok: true });
    // The right password after the wait works and clears the count.
    expect(await signInWithThrottle(db(), "coso.bientap", PASSWORD, at(t0, 15))).toMatchObject({ ok: true });
    expect(await db().selectFrom("login_throttle").selectAll().where("login", "=", "coso.bientap").execute()).toEqual([]);
    expect(await signInWithThrottle(db(), "coso.bientap", "sai", at(t0, 16))).toEqual({ ok: false, waitSeconds: 0 });
  });

  it("caps the wait at 15 minutes and forgets failures older than the window", async () => {
    const t0 = new Date("2030-02-01T00:00:00Z");
    let clock = 0;
    let wait = 0;
    for (let n = 0; n < 30; n++) {
      clock += wait + 1;
      wait = await recordFailure(db(), "xem", at(t0, clock));
    }
    expect(wait).toBe(MAX_DELAY_S);
    // A quiet window later the count starts over: the owner is never shut out for long.
    const later = at(t0, clock + WINDOW_MS / 1000 + 1);
    expect(await secondsToWait(db(), "xem", later)).toBe(0);
    expect(await recordFailure(db(), "xem", later)).toBe(0);
    expect((await db().selectFrom("login_throttle").select("failures").where("login", "=", "xem").executeTakeFirstOrThrow()).failures).toBe(1);
  });

  it("throttles unknown logins the same way, so the answer does not tell which logins exist", async () => {
    const t0 = new Date("2030-03-01T00:00:00Z");
    const outcomes = [];
    for (let n = 0; n < FREE_FAILURES; n++) outcomes.push(await signInWithThrottle(db(), "khong.ton.tai", "sai", at(t0, n)));
    expect(outcomes.at(-1)).toEqual({ ok: false, waitSeconds: 1 });
  });
});
