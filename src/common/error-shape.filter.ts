import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { QueryFailedError } from 'typeorm';
import { ApiError } from './api-error';

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'TOO_MANY_REQUESTS',
};

export interface ErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  [extra: string]: unknown;
}

/** Builds the shared error body of API.md for a status, code and message. */
export function errorBody(status: number, code: string, message: string, extra: Record<string, unknown> = {}): ErrorBody {
  return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', code, message, ...extra };
}

/** Maps any thrown error to the shared error body: every 4xx in one shape, 500 only for real faults. */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof ApiError) {
    return errorBody(exception.getStatus(), exception.code, exception.message, exception.extra);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray((response as { message?: unknown }).message)
          ? ((response as { message: string[] }).message.join('; '))
          : String((response as { message?: unknown }).message ?? exception.message);
    return errorBody(status, CODE_BY_STATUS[status] ?? 'ERROR', message);
  }
  if (exception instanceof QueryFailedError) {
    const pgCode = (exception.driverError as { code?: string } | undefined)?.code;
    // Input that reached the database in a shape it refuses is still bad input, never a 500.
    if (pgCode === '22P02' || pgCode === '22003' || pgCode === '22007' || pgCode === '22008') {
      return errorBody(400, 'VALIDATION_FAILED', 'A value in the request is not of the expected type or range');
    }
    // NUL or bytes the encoding refuses (hostile-input.ts stops them first; this is the safety net).
    if (pgCode === '22021' || pgCode === '22P05') return errorBody(400, 'VALIDATION_FAILED', 'A text in the request contains characters that cannot be stored');
    if (pgCode === '23514' || pgCode === '23502') return errorBody(400, 'VALIDATION_FAILED', 'A value in the request breaks a rule of the record');
    if (pgCode === '23505') return errorBody(409, 'CONFLICT', 'This record already exists');
    if (pgCode === '23503') return errorBody(400, 'VALIDATION_FAILED', 'The request refers to a record that does not exist');
    if (pgCode === '40001') return errorBody(409, 'CONFLICT', 'A concurrent change won; retry the request');
  }
  return errorBody(HttpStatus.INTERNAL_SERVER_ERROR, 'INTERNAL_ERROR', 'Internal server error');
}

/**
 * A 5xx the server answers on purpose (an ApiError such as 503 PDF_BUSY or PDF_UNAVAILABLE): an
 * expected refusal, logged as a warning with no stack. A 500 is always a fault, logged with its stack.
 */
const isRefusal = (exception: unknown): boolean =>
  exception instanceof ApiError && exception.getStatus() >= 500 && exception.getStatus() !== HttpStatus.INTERNAL_SERVER_ERROR;

@Catch()
export class ErrorShapeFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = toErrorBody(exception);
    if (isRefusal(exception)) this.logger.warn(`${body.statusCode} ${body.code}: ${body.message}`);
    else if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    const response = host.switchToHttp().getResponse<{ status(code: number): { json(body: unknown): void } }>();
    response.status(body.statusCode).json(body);
  }
}
