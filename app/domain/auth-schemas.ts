import { z } from "zod";

export const loginSchema = z.object({
  login: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(256),
  next: z.string().max(2000).optional(),
});
