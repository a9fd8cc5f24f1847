import type { FastifyReply } from 'fastify';

/**
 * Answers JSON text that PostgreSQL built (ADR 0012, 0014, 0018) as it is: Fastify serialises
 * neither a string nor a Buffer (UTF-8 bytes), so with a JSON content type either passes the route's
 * response serialiser untouched, while the route keeps its response schema for the OpenAPI
 * document. The route's typed reply expects the schema's object, hence the one untyped view of it,
 * here.
 */
export function sendJsonText<Reply extends FastifyReply>(reply: Reply, text: string | Buffer): Reply {
  (reply as FastifyReply).type('application/json; charset=utf-8').send(text);
  return reply;
}
