import { ValidationError, ValidationPipe } from '@nestjs/common';
import { badRequest, FieldProblem } from './api-error';

/** Flattens class-validator errors into one problem per field and rule, with dotted paths. */
/** Rules about a value's type: when one is broken, the others (length, range…) are noise. */
const TYPE_RULES = new Set(['isDefined', 'isInt', 'isNumber', 'isString', 'isBoolean', 'isUuid', 'isIn', 'isEnum', 'isEmail', 'isDateString', 'isArray', 'isObject', 'isUrl', 'whitelistValidation']);

export function fieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const broken = Object.entries(error.constraints ?? {});
    const typeBroken = broken.filter(([rule]) => TYPE_RULES.has(rule));
    const own: FieldProblem[] = (typeBroken.length > 0 ? typeBroken : broken).map(([rule, message]) => ({
      field,
      rule,
      message: rule === 'whitelistValidation' ? `${field} is not a known field` : message,
    }));
    return own.concat(fieldProblems(error.children ?? [], field));
  });
}

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
