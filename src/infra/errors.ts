import { ValidationError } from 'aws-cdk-lib/core';
import type { IConstruct } from 'constructs';

/** aws-cdk-lib brands the error's name as a literal; ours are literals at every call. */
type ErrorName = ConstructorParameters<typeof ValidationError>[0];

/**
 * An error in what a construct was given, attached to that construct: aws-cdk-lib's
 * `ValidationError`, which the CDK CLI prints with the construct's path and which
 * `Errors.isValidationError` recognizes. `name` is a short PascalCase id of the problem.
 */
export function validationError(scope: IConstruct, name: string, message: string): Error {
  return new ValidationError(name as ErrorName, message, scope);
}
