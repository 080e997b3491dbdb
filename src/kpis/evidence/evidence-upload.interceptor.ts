import { BadRequestException, CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import { ApiError, badRequest } from '../../common/api-error';
import { Environment } from '../../config/environment';

/** The multipart field that carries the file. */
export const FILE_FIELD = 'file';

/** Besides the file: dataPoint and expectedVersion, a little room for what validation then names. */
const FIELD_LIMITS = { files: 1, fields: 5, fieldSize: 1024, fieldNameSize: 100, parts: 6, headerPairs: 50 };

const mib = (bytes: number) => (bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`);

/**
 * Reads the upload of POST …/kpi-values/:code/evidence: Nest's FileInterceptor (multer) with memory
 * storage (no `dest`: the file never touches the disk), one file in the field `file`, at most
 * EVIDENCE_MAX_BYTES, and a few small text fields. It runs after the guards (an outsider's upload
 * is 404 before a byte of the body is read). Anything but multipart/form-data is 415; multer's
 * errors are answered in the shared error shape (a file too large 413, a bad form 400 naming the field).
 */
@Injectable()
export class EvidenceUpload implements NestInterceptor {
  private readonly multer: NestInterceptor;

  constructor(private readonly env: Environment) {
    const Multer = FileInterceptor(FILE_FIELD, {
      limits: { fileSize: env.EVIDENCE_MAX_BYTES, ...FIELD_LIMITS },
      // A name sent without an explicit charset is read as UTF-8 (browsers send it so), not Latin-1.
      defParamCharset: 'utf8',
    });
    this.multer = new Multer();
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<Request>();
    const mediaType = String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (mediaType !== 'multipart/form-data') {
      throw new ApiError(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'UNSUPPORTED_MEDIA_TYPE',
        `Send the evidence as multipart/form-data, the file in the field "${FILE_FIELD}" (and dataPoint, expectedVersion as fields)`,
      );
    }
    try {
      return await this.multer.intercept(context, next);
    } catch (error) {
      throw this.shared(error);
    }
  }

  /** multer's refusals in the shared error shape. */
  private shared(error: unknown): unknown {
    if (error instanceof PayloadTooLargeException) {
      return new ApiError(HttpStatus.PAYLOAD_TOO_LARGE, 'PAYLOAD_TOO_LARGE', `The file is larger than the ${mib(this.env.EVIDENCE_MAX_BYTES)} an evidence file may be`, {
        details: [{ field: FILE_FIELD, message: `file must be at most ${this.env.EVIDENCE_MAX_BYTES} bytes` }],
      });
    }
    if (error instanceof UnsupportedMediaTypeException) {
      return new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'UNSUPPORTED_MEDIA_TYPE', 'Send the evidence as multipart/form-data');
    }
    if (error instanceof BadRequestException) {
      const cause = (error as { cause?: { code?: string; field?: string } }).cause;
      const field = cause?.field ?? FILE_FIELD;
      const message =
        cause?.code === 'LIMIT_UNEXPECTED_FILE' || cause?.code === 'LIMIT_FILE_COUNT'
          ? `Send one file, in the field "${FILE_FIELD}"${field !== FILE_FIELD ? ` (not "${field}")` : ''}`
          : cause?.code?.startsWith('LIMIT_')
            ? `The form is larger than an evidence upload is: one file "${FILE_FIELD}" and the fields dataPoint and expectedVersion`
            : `The multipart body could not be read: ${error.message}`;
      return badRequest(message, [{ field, message }]);
    }
    return error;
  }
}
