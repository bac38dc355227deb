import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { checkAccept, checkContentType } from './content.negotiation';

/**
 * Global guard (`app.useGlobalGuards(new JsonApiNegotiationGuard())`) applying JSON:API content
 * negotiation: 406 for an unacceptable Accept, 415 for a body whose JSON:API Content-Type has
 * other parameters. Other media types pass, so health and metrics endpoints are unaffected.
 */
@Injectable()
export class JsonApiNegotiationGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const { headers } = context.switchToHttp().getRequest<FastifyRequest>();
    const error = checkAccept(headers.accept) ?? checkContentType(headers['content-type']);
    if (error) throw error;
    return true;
  }
}
