import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { endSession, getSession } from "~/services/session.server";

export async function action({ request }: ActionFunctionArgs) {
  const session = await getSession(request);
  return redirect("/login", { headers: { "Set-Cookie": await endSession(session) } });
}

// Signing out changes state, so it is a POST from the shell's button; a plain visit goes home.
export const loader = () => redirect("/");
