/**
 * One error type and one handler: every failure leaves the worker with the
 * contract's body `{error: {code, message, issues?}}` and never a stack trace.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { ERROR_CODES, type ErrorCode, type Issue } from '../shared/index.ts';
import type { AppEnv } from './env.ts';

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: Issue[],
  ) {
    super(message);
  }

  get status(): (typeof ERROR_CODES)[ErrorCode] {
    return ERROR_CODES[this.code];
  }
}

/** Hono's own refusals (body parser, media-type gate) in our terms. */
function fromHttpException(e: HTTPException): ApiError {
  switch (e.status) {
    case 400:
      return new ApiError('bad_request', '请求内容不是有效的 JSON，请检查后重试');
    case 413:
      return new ApiError('payload_too_large', '请求内容超过 2 MiB，请分批上传');
    case 415:
      return new ApiError('unsupported_media_type', '请求内容类型应为 application/json');
    case 401:
      return new ApiError('unauthorized', '请先登录');
    default:
      return new ApiError('internal', '服务器内部错误，请稍后重试');
  }
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof HTTPException) return fromHttpException(err);
  return new ApiError('internal', '服务器内部错误，请稍后重试');
}

export function errorResponse(c: Context<AppEnv>, e: ApiError): Response {
  c.set('errorCode', e.code);
  const body = { error: { code: e.code, message: e.message, ...(e.issues ? { issues: e.issues } : {}) } };
  return c.json(body, e.status);
}

/** The app's `onError`: known failures keep their code; anything else is logged and becomes `internal`. */
export function onError(err: unknown, c: Context<AppEnv>): Response {
  const e = toApiError(err);
  if (e.code === 'internal') console.error('unhandled', err instanceof Error ? `${err.name}: ${err.message}` : String(err));
  return errorResponse(c, e);
}

/**
 * Zod's complaints as one plain sentence: which part of the request, and what is wrong with it.
 * A rule whose message is already a whole sentence for the person (`params: {plain: true}`,
 * e.g. a return without a comment) is said as it is, without the key it is about.
 */
export function describeZodError(error: ZodError): string {
  const plain = error.issues.find((i) => i.code === 'custom' && (i as { params?: { plain?: boolean } }).params?.plain);
  if (plain) return plain.message;
  const parts = error.issues.slice(0, 5).map((i) => {
    const where = i.path.length ? i.path.join('.') : '请求';
    return `${where}：${i.message}`;
  });
  return `请求内容不符合要求（${parts.join('；')}${error.issues.length > 5 ? '；…' : ''}）`;
}

/**
 * The validation hook of every route: a body that does not fit is 422
 * `validation_failed` (the contract's rule); a bad path or query is 400.
 */
export function validationHook(result: { success: boolean; error?: unknown; target?: string }): void {
  if (result.success) return;
  const message = describeZodError(result.error as ZodError);
  throw new ApiError(result.target === 'json' ? 'validation_failed' : 'bad_request', message);
}
