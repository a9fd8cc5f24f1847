import type { InvalidParam, ProblemCode } from '@fpr/contract';

export type { InvalidParam, ProblemCode };

export interface ProblemDetails {
  /** English explanation of this occurrence; never the submitted value. */
  detail?: string;
  invalidParams?: InvalidParam[];
  /** Extra members of the problem body, e.g. `{ requiredCents, balanceCents }`. */
  extensions?: Record<string, unknown>;
  /** Sent as `Retry-After` (429, 503). */
  retryAfterSeconds?: number;
}

/**
 * A refusal the client is meant to see. Services throw it ("errors are data"); only the error
 * handler turns it into an HTTP response, so services never deal in status codes.
 */
export class ProblemError extends Error {
  readonly code: ProblemCode;
  readonly details: Readonly<ProblemDetails>;

  constructor(code: ProblemCode, details: ProblemDetails = {}, options?: ErrorOptions) {
    super(details.detail ?? code, options);
    this.name = 'ProblemError';
    this.code = code;
    this.details = details;
  }
}

/** Builds the error a service throws: `throw problem('notFound')`. */
export function problem(code: ProblemCode, details?: ProblemDetails, options?: ErrorOptions): ProblemError {
  return new ProblemError(code, details, options);
}

export function isProblemError(error: unknown): error is ProblemError {
  return error instanceof ProblemError;
}
