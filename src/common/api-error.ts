import { HttpException, HttpStatus } from '@nestjs/common';
import type { FieldProblem } from './field-problems';

export type { FieldProblem } from './field-problems';

/**
 * An error answered in the one shape of API.md:
 * `{ statusCode, error, code, message, details?, ...extra }`.
 */
export class ApiError extends HttpException {
  constructor(
    status: HttpStatus,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message, status);
  }
}

export const badRequest = (message: string, details: FieldProblem[] = []) =>
  new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', message, { details });

export const notFound = (what: string) => new ApiError(HttpStatus.NOT_FOUND, 'NOT_FOUND', `${what} not found`);

export const forbidden = (message: string) => new ApiError(HttpStatus.FORBIDDEN, 'FORBIDDEN', message);

export const conflict = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  new ApiError(HttpStatus.CONFLICT, code, message, extra);
