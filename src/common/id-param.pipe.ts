import { Injectable, PipeTransform } from '@nestjs/common';
import { notFound } from './api-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** A route id that is not a uuid names nothing: answer 404 like any unknown id. */
@Injectable()
export class IdParam implements PipeTransform<string, string> {
  constructor(private readonly what = 'Record') {}

  transform(value: string): string {
    if (!isUuid(value)) throw notFound(this.what);
    return value.toLowerCase();
  }
}
