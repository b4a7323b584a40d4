// Fastify compiles every route's validators and serializers when it starts, though most routes are
// called rarely (a home server's cockpit sits idle most of the day). Compiling each on its first use
// instead keeps megabytes of generated code out of the idle daemon; the checks are the same ones.
import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type Compile = (route: unknown) => (...args: unknown[]) => unknown;
type Factory = (externalSchemas: unknown, options: unknown) => Compile;

function lazily(compile: Compile): Compile {
  return (route) => {
    let compiled: ((...args: unknown[]) => unknown) | undefined;
    const call = (...args: unknown[]) => {
      compiled ??= compile(route);
      const result = compiled(...args);
      // Fastify reads a failed validation's details from the function itself.
      (call as { errors?: unknown }).errors = (compiled as { errors?: unknown }).errors;
      return result;
    };
    return call;
  };
}

const validators = AjvCompiler() as unknown as Factory;
const serializers = SerializerSelector() as unknown as Factory;

/** For Fastify's `schemaController.compilersFactory`. */
export const lazyCompilers = {
  buildValidator: ((externalSchemas: unknown, options: unknown) =>
    lazily(validators(externalSchemas, options))) as never,
  buildSerializer: ((externalSchemas: unknown, options: unknown) =>
    lazily(serializers(externalSchemas, options))) as never,
};
