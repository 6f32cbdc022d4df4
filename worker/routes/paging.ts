/** `?limit=` (default 100, at most 1000) and `?cursor=`, as the contract pages long lists. */
import { z } from 'zod';

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(200).optional(),
});
