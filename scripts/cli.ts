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

/** The flags a command takes: `value` ones take the next word (or `=value`), `switch` ones stand alone. */
export type FlagSpec = Record<string, 'value' | 'switch'>;

/**
 * `--name value`, `--name=value` and `--switch`; bare words in order. A flag
 * the command does not take is refused with its usage (exit 2): a mistyped
 * `--chek` must never fall through to an upload.
 */
export function parseArgs(argv: string[], spec: FlagSpec, usage: string): { flags: Map<string, string | true>; words: string[] } {
  const flags = new Map<string, string | true>();
  const words: string[] = [];
  const refuse = (why: string): never => {
    throw new CliError(`${why}\n${usage}`, 2);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      words.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq > 0 ? eq : undefined);
    const kind = spec[name];
    if (!kind) refuse(`未知选项：--${name}`);
    if (flags.has(name)) refuse(`选项 --${name} 重复`);
    if (kind === 'switch') {
      if (eq > 0) refuse(`选项 --${name} 不带值`);
      flags.set(name, true);
    } else if (eq > 0) flags.set(name, a.slice(eq + 1));
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) flags.set(name, argv[++i]!);
    else refuse(`选项 --${name} 缺少值`);
  }
  return { flags, words };
}

/** Refuses, with the usage, flags that exist in the tool but not for this command. */
export function onlyFlags(flags: Map<string, string | true>, allowed: readonly string[], usage: string) {
  for (const name of flags.keys()) if (!allowed.includes(name)) throw new CliError(`此命令不接受选项 --${name}\n${usage}`, 2);
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
