/**
 * What the command-line tools share: flags, the server and token (from
 * --base/--token or QUNTUAN_BASE/QUNTUAN_TOKEN), and HTTP calls that turn
 * the API's error body into a plain message.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** `--name value` and `--flag` pairs; bare words in order. */
export function parseArgs(argv: string[]): { flags: Map<string, string | true>; words: string[] } {
  const flags = new Map<string, string | true>();
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
      else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) flags.set(a.slice(2), argv[++i]!);
      else flags.set(a.slice(2), true);
    } else words.push(a);
  }
  return { flags, words };
}

export function flag(flags: Map<string, string | true>, name: string): string | undefined {
  const v = flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

export interface Server {
  base: string;
  token: string;
}

export function server(flags: Map<string, string | true>): Server {
  const base = flag(flags, 'base') ?? process.env.QUNTUAN_BASE;
  const token = flag(flags, 'token') ?? process.env.QUNTUAN_TOKEN;
  if (!base) throw new CliError('缺少服务器地址：请用 --base <地址> 或设置环境变量 QUNTUAN_BASE', 2);
  if (!token) throw new CliError('缺少访问令牌：请用 --token <令牌> 或设置环境变量 QUNTUAN_TOKEN', 2);
  return { base: base.replace(/\/+$/, ''), token };
}

export interface Reply<T> {
  status: number;
  body: T;
}

export interface ErrorBody {
  error: { code: string; message: string; issues?: import('../shared/index.ts').Issue[] };
}

/** Calls /api/v1 and parses the JSON answer; network failures become a plain message. */
export async function api<T = unknown>(s: Server, method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Reply<T>> {
  let res: Response;
  try {
    res = await fetch(`${s.base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${s.token}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  } catch (e) {
    throw new CliError(`无法连接服务器 ${s.base}：${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}`);
  }
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed as T };
}

/** The answer, or a CliError with the server's message when the status is not one of `ok`. */
export function expectOk<T>(r: Reply<T | ErrorBody>, ok: number[] = [200, 201]): T {
  if (ok.includes(r.status)) return r.body as T;
  const e = (r.body as ErrorBody | null)?.error;
  throw new CliError(e ? `${e.message}（${e.code}，HTTP ${r.status}）` : `服务器返回 HTTP ${r.status}`);
}

/** Runs a command's main, printing a CliError's message and exiting with its code. */
export function runMain(main: () => Promise<number>) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      if (e instanceof CliError) {
        console.error(e.message);
        process.exit(e.exitCode);
      }
      console.error(e instanceof Error ? e.stack : e);
      process.exit(1);
    },
  );
}
