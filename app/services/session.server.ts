import { randomBytes } from "node:crypto";
import { createCookieSessionStorage, type Session } from "@remix-run/node";
import { isProduction, sessionSecrets } from "./config.server";

interface SessionData {
  userId: number;
  /** Random per sign-in; a new one on every login so a planted cookie cannot be reused. */
  sid: string;
  /** Must equal app_user.session_epoch; bumping it signs the user out everywhere. */
  epoch: number;
}

type Storage = ReturnType<typeof createCookieSessionStorage<SessionData>>;
let storage: Storage | undefined;

function sessionStorage(): Storage {
  storage ??= createCookieSessionStorage<SessionData>({
    cookie: {
      // The __Host- prefix pins the cookie to this exact host over HTTPS.
      name: isProduction ? "__Host-tt_session" : "tt_session",
      httpOnly: true,
      sameSite: "lax",
      secure: isProduction,
      path: "/",
      secrets: sessionSecrets(),
      maxAge: 60 * 60 * 12,
    },
  });
  return storage;
}

export type AppSession = Session<SessionData>;

export function getSession(request: Request): Promise<AppSession> {
  return sessionStorage().getSession(request.headers.get("Cookie"));
}

export async function startSession(userId: number, epoch: number): Promise<string> {
  const session = await sessionStorage().getSession();
  session.set("userId", userId);
  session.set("epoch", epoch);
  session.set("sid", randomBytes(16).toString("hex"));
  return sessionStorage().commitSession(session);
}

export function endSession(session: AppSession): Promise<string> {
  return sessionStorage().destroySession(session);
}
