/** The dashboard reads only through the API, same origin in all-in-one mode. */
export const API_BASE = (import.meta as { env?: Record<string, string> }).env?.VITE_API_BASE ?? '';

export async function getJson<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await fetch(`${API_BASE}${path}`, init);
  return { status: res.status, body: (await res.json()) as T };
}
