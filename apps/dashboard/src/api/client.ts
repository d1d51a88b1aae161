/**
 * The typed HTTP client: Bearer access token, one shared refresh on 401 (parallel
 * requests that all get 401 wait for the same refresh rather than each spending
 * the single-use refresh token — the second use would revoke the session).
 */
export const API_BASE: string = (import.meta as { env?: Record<string, string> }).env?.VITE_API_BASE ?? '';

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly path?: string,
  ) {
    super(message);
  }
  /** 404/405 from a route that does not exist yet: the view says "not available" instead of "failed". */
  get missingEndpoint(): boolean {
    return this.status === 404 && (this.code === 'not_found' || this.code === undefined) && /Cannot (GET|POST|PUT|PATCH|DELETE)|route/i.test(this.message);
  }
}

export interface TokenStore {
  get(): Tokens | null;
  set(t: Tokens | null): void;
}

const KEY = 'northstar.tokens';
export const localTokenStore: TokenStore = {
  get() {
    try {
      const raw = globalThis.localStorage?.getItem(KEY);
      return raw ? (JSON.parse(raw) as Tokens) : null;
    } catch {
      return null;
    }
  },
  set(t) {
    if (t) globalThis.localStorage?.setItem(KEY, JSON.stringify(t));
    else globalThis.localStorage?.removeItem(KEY);
  },
};

export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, q?: Query): string {
  if (!q) return path;
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  const str = s.toString();
  return str ? `${path}${path.includes('?') ? '&' : '?'}${str}` : path;
}

export class ApiClient {
  private refreshing: Promise<boolean> | null = null;
  onSignedOut: () => void = () => undefined;

  constructor(
    private readonly store: TokenStore = localTokenStore,
    private readonly fetchFn: typeof fetch = (...a) => fetch(...a),
    private readonly base: string = API_BASE,
  ) {}

  get signedIn(): boolean {
    return !!this.store.get();
  }

  async login(email: string, password: string): Promise<void> {
    const t = await this.raw<Tokens>('POST', '/auth/login', { email, password }, false);
    this.store.set({ accessToken: t.accessToken, refreshToken: t.refreshToken });
  }

  async logout(): Promise<void> {
    try {
      if (this.store.get()) await this.raw('POST', '/auth/logout', undefined, true);
    } catch {
      /* signing out locally is what matters */
    }
    this.store.set(null);
    this.onSignedOut();
  }

  get<T>(path: string, q?: Query): Promise<T> {
    return this.request<T>('GET', withQuery(path, q));
  }
  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body ?? {});
  }
  put<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PUT', path, body ?? {});
  }
  patch<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body ?? {});
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    try {
      return await this.raw<T>(method, path, body, true);
    } catch (e) {
      if (!(e instanceof ApiRequestError) || e.status !== 401 || !this.store.get()) throw e;
      if (!(await this.refresh())) {
        this.store.set(null);
        this.onSignedOut();
        throw e;
      }
      return this.raw<T>(method, path, body, true);
    }
  }

  /** Returns whether a fresh pair was obtained; concurrent callers share one attempt. */
  refresh(): Promise<boolean> {
    this.refreshing ??= (async () => {
      const t = this.store.get();
      if (!t) return false;
      try {
        const next = await this.raw<Tokens>('POST', '/auth/refresh', { refreshToken: t.refreshToken }, false);
        this.store.set({ accessToken: next.accessToken, refreshToken: next.refreshToken });
        return true;
      } catch {
        return false;
      }
    })().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async raw<T>(method: string, path: string, body: unknown, auth: boolean): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const t = auth ? this.store.get() : null;
    if (t) headers.authorization = `Bearer ${t.accessToken}`;
    let res: Response;
    try {
      res = await this.fetchFn(`${this.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiRequestError(0, 'The API cannot be reached. Check your connection and try again.', 'network', path);
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      /* non-JSON error page */
    }
    if (!res.ok) {
      const j = (json ?? {}) as { message?: string | string[]; error?: string | { code?: string; message?: string }; code?: string };
      const errObj = typeof j.error === 'object' ? j.error : undefined;
      const msg = errObj?.message ?? (Array.isArray(j.message) ? j.message.join('; ') : j.message) ?? (typeof j.error === 'string' ? j.error : undefined) ?? `HTTP ${res.status}`;
      throw new ApiRequestError(res.status, msg, errObj?.code ?? j.code, path);
    }
    return json as T;
  }
}

export const api = new ApiClient();
