import { AjvCompiler } from '@fastify/ajv-compiler';
import type { FastifyServerOptions } from 'fastify';

type ValidatorFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>['buildValidator'];
type CompilerOptions = Parameters<NonNullable<ValidatorFactory>>[1];

/**
 * Every failing parameter is reported (`allErrors`), and unknown fields are refused rather than
 * silently dropped (`removeAdditional: false`) where a schema says `additionalProperties: false`.
 * `allErrors` costs more on hostile input; the body limit and the schemas' maxItems bound it.
 */
const sharedOptions = {
  allErrors: true,
  removeAdditional: false,
  useDefaults: true,
  // Lets a union name its `discriminator` so only the matching branch reports errors.
  discriminator: true,
} as const;

/** Query strings, path parameters and headers arrive as text, so they are coerced. */
const textOptions = { ...sharedOptions, coerceTypes: 'array' } as const;

/** JSON bodies carry real types: `"5"` is not a number and `"x"` is not `["x"]`. */
const bodyOptions = { ...sharedOptions, coerceTypes: false } as const;

/**
 * Fastify's validator factory, built twice: strict for bodies, coercing for the text parts.
 * Both compilers see the same shared schemas, so `$ref`s resolve in either.
 */
export function buildValidatorFactory(): NonNullable<ValidatorFactory> {
  const factory = AjvCompiler();
  return (externalSchemas, options?: CompilerOptions) => {
    // Fastify hands over its `ajv` server option; only its plugins carry over (no JTD mode here).
    const plugins = options?.plugins ?? [];
    const compileBody = factory(externalSchemas, { plugins, customOptions: bodyOptions });
    const compileText = factory(externalSchemas, { plugins, customOptions: textOptions });
    return (route) => (route.httpPart === 'body' ? compileBody(route) : compileText(route));
  };
}
