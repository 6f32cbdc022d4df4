/**
 * The pane's HTTP client: same-origin /api/v1 calls with the signed-in token.
 * Every failure becomes an ApiFailure whose message a clerk can act on; a
 * network failure says the work is safe (retrying an upload is harmless: the
 * same content answers with the revision already stored).
 */
import type { Issue } from '../shared/index.ts';

export class ApiFailure extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly issues: Issue[] = [],
  ) {
    super(message);
  }
}

export const OFFLINE = '无法连接服务器，请检查网络后重试。工作簿中的内容不会丢失，重试上传不会产生重复版本。';

export class Api {
  constructor(
    private readonly token: () => string | null,
    private readonly base = '',
  ) {}

  private async request(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    const t = this.token();
    if (t) headers.authorization = `Bearer ${t}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`${this.base}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiFailure(OFFLINE, 'offline', 0);
    }
    if (res.ok) return res;
    let err: { code?: string; message?: string; issues?: Issue[] } = {};
    try {
      err = ((await res.json()) as { error?: typeof err }).error ?? {};
    } catch {
      /* not our error body: a proxy or gateway answered */
    }
    if (res.status === 401) throw new ApiFailure('访问令牌无效或已被收回，请重新登录', 'unauthorized', 401);
    if (res.status >= 500 || !err.message) throw new ApiFailure(`服务器暂时无法处理（HTTP ${res.status}），请稍后重试；工作簿中的内容不会丢失`, err.code ?? 'internal', res.status);
    throw new ApiFailure(err.message, err.code ?? 'bad_request', res.status, err.issues ?? []);
  }

  async get<T>(path: string): Promise<T> {
    return (await (await this.request('GET', path)).json()) as T;
  }

  async post<T>(path: string, body: unknown): Promise<{ status: number; body: T }> {
    const res = await this.request('POST', path, body);
    return { status: res.status, body: (await res.json()) as T };
  }

  async put<T>(path: string, body: unknown): Promise<T> {
    return (await (await this.request('PUT', path, body)).json()) as T;
  }

  async blob(path: string): Promise<Blob> {
    return (await this.request('GET', path)).blob();
  }
}
