import { HttpStatus, Logger, type ArgumentsHost } from '@nestjs/common';
import { ApiError } from './api-error';
import { ErrorShapeFilter } from './error-shape.filter';

/** The filter answering into a stand-in response; what it logged, at which level. */
function answer(exception: unknown) {
  const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  const sent: { status?: number; body?: unknown } = {};
  const response = { status: (code: number) => ((sent.status = code), { json: (body: unknown) => (sent.body = body) }) };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  try {
    new ErrorShapeFilter().catch(exception, host);
    return { sent, warned: warn.mock.calls.map((c) => String(c[0])), errors: error.mock.calls.map((c) => String(c[0])) };
  } finally {
    warn.mockRestore();
    error.mockRestore();
  }
}

describe('ErrorShapeFilter logging', () => {
  it('an expected refusal (503 PDF_BUSY, PDF_UNAVAILABLE) is a warning of one line, with no stack', () => {
    for (const code of ['PDF_BUSY', 'PDF_UNAVAILABLE']) {
      const { sent, warned, errors } = answer(new ApiError(HttpStatus.SERVICE_UNAVAILABLE, code, 'try again shortly'));
      expect(sent.status).toBe(503);
      expect(errors).toEqual([]);
      expect(warned).toEqual([`503 ${code}: try again shortly`]);
    }
  });

  it('a real fault is still an error with its stack', () => {
    const { sent, warned, errors } = answer(new Error('boom'));
    expect(sent.status).toBe(500);
    expect(warned).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('Error: boom');
    expect(errors[0]).toContain('error-shape.filter.spec');
  });

  it('a 4xx is not logged', () => {
    const { warned, errors } = answer(new ApiError(HttpStatus.NOT_FOUND, 'NOT_FOUND', 'Engagement not found'));
    expect([...warned, ...errors]).toEqual([]);
  });
});
