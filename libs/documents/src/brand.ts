import { z } from 'zod';

/** Who the documents come from: printed in every PDF's header band and set as its author. */
export interface Brand {
  name: string;
  /** Header band and section titles, "#rrggbb". */
  color: string;
}

/** Injection token of the process's Brand (DocumentsModule). */
export const BRAND = Symbol('BRAND');

const env = z.object({
  BRAND_NAME: z.string().trim().min(1).default('Northstar'),
  BRAND_COLOR: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour like #1d3a8a')
    .default('#1d3a8a'),
});

/**
 * The business's branding from the environment (BRAND_NAME, BRAND_COLOR), the one
 * default for every document: quotes and invoices used to carry a default each
 * ("Northstar" and "Northstar Services", in two blues), so a deployment that set
 * neither sent customers two letterheads.
 */
export function loadBrand(source: Record<string, string | undefined> = process.env): Brand {
  // An empty variable means unset, as in loadConfig().
  const set = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = env.safeParse(set);
  if (!parsed.success) throw new Error(`brand settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { name: parsed.data.BRAND_NAME, color: parsed.data.BRAND_COLOR };
}
