// Route of the firewall capability: what is applied, by which backend, and the last error.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Firewall } from '../capabilities/firewall/index.js';

export const FirewallStatusSchema = Type.Object({
  driver: Type.String(),
  rendered: Type.String(),
  appliedAt: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([
    Type.Object({
      messageKey: Type.String(),
      params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
    }),
    Type.Null(),
  ]),
  homeNetworks: Type.Array(Type.String()),
});

export function registerFirewallRoutes(server: FastifyInstance, firewall: Firewall): void {
  server.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/v1/firewall',
    {
      schema: {
        tags: ['firewall'],
        summary: 'The applied firewall rules',
        response: { 200: FirewallStatusSchema },
      },
    },
    async () => firewall.status(),
  );
}
