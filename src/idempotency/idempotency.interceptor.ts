import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { Principal } from '../common/principal';
import { ApiError, badRequest, conflict } from '../common/api-error';
import { toErrorBody } from '../common/error-shape.filter';
import { IdempotentRequest } from './idempotent-request.entity';

const KEY = /^[\w.:-]{1,200}$/;

/**
 * JSON with the keys of every object sorted, so that the same body with its fields in another order
 * hashes the same (arrays keep their order: it means something). Bodies are at most MAX_JSON_DEPTH
 * deep (refused at parsing otherwise), so JSON.stringify's own recursion is safe here.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The headers that change what a request means: the version it acts on, and how its body is to be read. */
const MEANINGFUL_HEADERS = ['if-match', 'content-type'] as const;

/**
 * What makes two requests "the same": method, path, query, the headers that change their meaning
 * (If-Match, Content-Type with its parameters) and the body, each in a canonical form.
 */
export function requestHash(method: string, path: string, query: unknown, body: unknown, headers: Record<string, unknown> = {}): string {
  const meaning = Object.fromEntries(MEANINGFUL_HEADERS.map((h) => [h, typeof headers[h] === 'string' ? (headers[h] as string).trim() : null]));
  const hash = createHash('sha256').update(`${method} ${path}\n${canonicalJson(query)}\n${canonicalJson(meaning)}\n`);
  // Bytes (a workbook) are hashed as they are: as JSON a 10 MB Buffer would become an array of ten million numbers.
  if (Buffer.isBuffer(body)) hash.update(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
  else hash.update(canonicalJson(body));
  return hash.digest('hex');
}
const ABANDONED_AFTER_SECONDS = 120;

type UploadRequest = Request & { file?: { originalname: string; buffer: Buffer } };

const isMultipart = (request: Request): boolean => /^multipart\//i.test(String(request.headers['content-type'] ?? ''));

/**
 * A request's hash; for an upload, its fields and the file's name and bytes (the multipart boundary in
 * Content-Type is random per sending, so it does not count: the same file sent again is the same request).
 */
function requestHashOf(request: UploadRequest): string {
  if (!isMultipart(request) || !request.file) return requestHash(request.method, request.path, request.query, request.body, request.headers);
  const { originalname, buffer } = request.file;
  const file = { name: originalname, sha256: createHash('sha256').update(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)).digest('hex') };
  return requestHash(request.method, request.path, request.query, { fields: request.body, file }, { ...request.headers, 'content-type': 'multipart/form-data' });
}

/**
 * `Idempotency-Key` on POST: the first request with a key runs and its response is stored; a
 * repeat with the same key and body (fields in any order) replays that response (header `Idempotent-Replayed: true`),
 * the same key with another body answers 422, and a repeat while the first is still running 409.
 * Keys belong to the calling user. Server faults (5xx) are not stored, so they may be retried.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request & { principal?: Principal }>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined || !request.principal) return next.handle();
    // A multipart body is read by the route's upload interceptor, after this one: such a route names this
    // interceptor again after its upload (`@UseInterceptors(upload, IdempotencyInterceptor)`), which then sees the file.
    if (isMultipart(request) && (request as UploadRequest).file === undefined) return next.handle();
    return from(this.run(String(key), request, http.getResponse<Response>(), next));
  }

  private async run(key: string, request: Request & { principal?: Principal }, response: Response, next: CallHandler): Promise<unknown> {
    if (!KEY.test(key)) {
      throw badRequest('Idempotency-Key must be 1 to 200 letters, digits or . _ : -', [{ field: 'Idempotency-Key', message: 'invalid key' }]);
    }
    const userId = request.principal!.id;
    const hash = requestHashOf(request);
    const repo = this.db.getRepository(IdempotentRequest);
    // Claim the key; a claim left "in flight" for minutes belongs to a request that died with its process.
    const claimed: unknown[] = await this.db.query(
      `INSERT INTO idempotent_request (user_id, key, request_hash, state) VALUES ($1, $2, $3, 'in_flight')
       ON CONFLICT (user_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, created_at = now()
         WHERE idempotent_request.state = 'in_flight' AND idempotent_request.created_at < now() - interval '${ABANDONED_AFTER_SECONDS} seconds'
       RETURNING key`,
      [userId, key, hash],
    );
    if (claimed.length === 0) {
      const first = await repo.findOneByOrFail({ userId, key });
      if (first.requestHash !== hash) {
        throw new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for another request');
      }
      if (first.state === 'in_flight') throw conflict('IDEMPOTENCY_IN_FLIGHT', 'The first request with this Idempotency-Key is still running');
      response.status(first.responseStatus ?? 200);
      response.setHeader('Idempotent-Replayed', 'true');
      return first.responseBody;
    }
    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await repo.update({ userId, key }, { state: 'done', responseStatus: response.statusCode, responseBody: (body ?? null) as object });
      return body;
    } catch (error) {
      const errorBody = toErrorBody(error);
      if (errorBody.statusCode >= 500) await repo.delete({ userId, key });
      else await repo.update({ userId, key }, { state: 'done', responseStatus: errorBody.statusCode, responseBody: errorBody });
      throw error;
    }
  }
}
