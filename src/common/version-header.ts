import { HttpStatus } from '@nestjs/common';
import { ApiError, badRequest } from './api-error';

/**
 * The version the caller acted on: `expectedVersion` in the body, or an `If-Match` header
 * (`3`, `"3"` or `W/"3"`). When both are given they must agree.
 */
export function expectedVersionOf(bodyVersion: number | undefined, ifMatch: string | undefined): number | undefined {
  let headerVersion: number | undefined;
  if (ifMatch !== undefined) {
    const match = /^(?:W\/)?"?(\d+)"?$/.exec(ifMatch.trim());
    if (!match) throw badRequest('If-Match must be the engagement version, e.g. "3"', [{ field: 'If-Match', message: 'If-Match must be a version number' }]);
    headerVersion = Number(match[1]);
  }
  if (bodyVersion !== undefined && headerVersion !== undefined && bodyVersion !== headerVersion) {
    throw badRequest('expectedVersion and If-Match disagree', [{ field: 'expectedVersion', message: 'expectedVersion and If-Match disagree' }]);
  }
  return bodyVersion ?? headerVersion;
}

/** The same, where the version is required (roadmap events): without either, 428 VERSION_REQUIRED. */
export function requiredVersionOf(bodyVersion: number | undefined, ifMatch: string | undefined): number {
  const version = expectedVersionOf(bodyVersion, ifMatch);
  if (version === undefined) {
    throw new ApiError(
      HttpStatus.PRECONDITION_REQUIRED,
      'VERSION_REQUIRED',
      'A roadmap event needs the engagement version it was decided on: send expectedVersion in the body or an If-Match header',
      { details: [{ field: 'expectedVersion', message: 'expectedVersion (or If-Match) is required' }] },
    );
  }
  return version;
}
