import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { safeRedirectTarget } from "~/services/auth.server";
import { localeCookieHeader } from "~/services/locale.server";

const schema = z.object({ lang: z.enum(["vi", "en"]), redirectTo: z.string().max(2000).optional() });

export async function action({ request }: ActionFunctionArgs) {
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return redirect("/");
  return redirect(safeRedirectTarget(parsed.data.redirectTo), {
    headers: { "Set-Cookie": await localeCookieHeader(parsed.data.lang) },
  });
}

export const loader = () => redirect("/");
