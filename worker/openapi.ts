/** Helpers to declare routes for @hono/zod-openapi with the contract's error responses. */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { ZodType } from 'zod';
import { errorBodySchema, type ErrorCode, ERROR_CODES } from '../shared/index.ts';
import type { AppEnv } from './env.ts';
import { validationHook } from './errors.ts';

/** A sub-app whose every route validates with the one hook. */
export function router() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

export const jsonBody = <T extends ZodType>(schema: T, description = 'JSON') => ({
  required: true,
  content: { 'application/json': { schema } },
  description,
});

export const jsonResponse = <T extends ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

const DESCRIPTIONS: Record<ErrorCode, string> = {
  bad_request: 'Malformed JSON or a bad path or query',
  unauthorized: 'Missing, unknown or revoked token',
  forbidden: 'Role or unit not allowed',
  not_found: 'No such resource',
  conflict: 'Conflicts with stored data',
  period_closed: 'The year is not open',
  payload_too_large: 'Body over 2 MiB',
  unsupported_media_type: 'Body is not application/json',
  validation_failed: 'Body does not fit, or the report has errors',
  explanation_required: 'Warnings without an explanation',
  rate_limited: 'Too many failed authentications',
  internal: 'Unexpected failure',
};

/** The error responses a route can give, in the contract's one body shape. */
export function errors(...codes: ErrorCode[]) {
  const out: Record<number, { content: { 'application/json': { schema: typeof errorBodySchema } }; description: string }> = {};
  for (const code of codes) {
    const status = ERROR_CODES[code];
    const prior = out[status]?.description;
    out[status] = jsonResponse(errorBodySchema, prior ? `${prior}; ${DESCRIPTIONS[code]}` : DESCRIPTIONS[code]);
  }
  return out;
}

/** Every authenticated route can answer these. */
export const AUTH_ERRORS = ['unauthorized', 'forbidden', 'rate_limited'] as const;
export const BODY_ERRORS = ['bad_request', 'payload_too_large', 'unsupported_media_type', 'validation_failed'] as const;
