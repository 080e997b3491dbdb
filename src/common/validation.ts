import { ValidationError, ValidationPipe } from '@nestjs/common';
import { badRequest, FieldProblem } from './api-error';

/** Flattens class-validator errors into one problem per field and rule, with dotted paths. */
export function fieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own: FieldProblem[] = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
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
    stopAtFirstError: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const details = fieldProblems(errors);
      return badRequest(`Invalid request: ${details.map((d) => d.message).join('; ')}`, details);
    },
  });
}
