import { ValidationPipe } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy, ValidateIf, ValidationArguments, ValidationOptions } from 'class-validator';
import { badRequest } from './api-error';
import { fieldProblems } from './field-problems';

export { fieldProblems } from './field-problems';

/** Something to read: a character that is neither whitespace nor an invisible control or format character. */
const VISIBLE = /[^\s\p{Cc}\p{Cf}]/u;

/** True for text with at least one visible character. */
export const isNotBlank = (value: unknown): value is string => typeof value === 'string' && VISIBLE.test(value);

/**
 * A required text (name, title, reason, comment…): trimmed, and refused when nothing is left to read
 * ("   " is not a name). Use it instead of `@MinLength(1)` on every name- or reason-like field.
 */
export function IsNotBlank(options?: ValidationOptions): PropertyDecorator {
  const trim = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
  const notBlank = ValidateBy(
    {
      name: 'isNotBlank',
      validator: {
        validate: (value: unknown) => isNotBlank(value),
        defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'the value'} must not be blank`,
      },
    },
    options,
  );
  return (target: object, property: string | symbol) => {
    trim(target, property);
    notBlank(target, property);
  };
}

/** A finite number with at most two decimals (cents): `0.1`, `12.34`, never `1e-7` or `0.001`. */
export const isMoney = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && Math.abs(value * 100 - Math.round(value * 100)) <= 1e-9 * Math.max(1, Math.abs(value * 100));

/**
 * An amount of money: a finite number with at most two decimals. (class-validator's own
 * `maxDecimalPlaces` answers 500 for a number written with an exponent, e.g. `1e-7`.)
 */
export function IsMoney(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isMoney',
      validator: {
        validate: (value: unknown) => isMoney(value),
        defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'the amount'} must be a finite number with at most two decimals`,
      },
    },
    options,
  );
}

/**
 * A field that may be left out, but not sent as null: unlike `@IsOptional()` (which lets null through
 * unchecked, to a service that takes it for a value), null is checked by the rules that follow and
 * refused by them. Use it where null means nothing (a list, a number); keep `@IsOptional()` or a
 * null-aware `@ValidateIf` where null clears a field.
 */
export const IsOmittable = (): PropertyDecorator => ValidateIf((_object: unknown, value: unknown) => value !== undefined);

/** The global pipe: DTOs are validated and unknown fields refused, in the shared error shape. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const details = fieldProblems(errors);
      return badRequest(`Invalid request: ${details.map((d) => d.message).join('; ')}`, details);
    },
  });
}
