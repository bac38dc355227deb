import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  JSONAPI_MEDIA_TYPE,
  JsonApiError,
  JsonApiErrorList,
  checkAccept,
  etagFor,
  sendJsonApi,
} from '@waypost/shared/jsonapi';
import { AccessPolicy } from '../auth/access.service';
import { GatewayContext } from '../gateway.context';
import { GUIDE_UPSTREAM } from '../gateway.request';

@Controller('v1/places')
export class GuideController {
  private readonly policy: AccessPolicy;

  constructor(@Inject(GatewayContext) private readonly context: GatewayContext) {
    this.policy = { plans: new Set(context.config.routes.guide.plans) };
  }

  @Get(':id/guide')
  async guide(
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    await this.context.access.admit(request, reply, this.policy);
    const notAcceptable = checkAccept(request.headers.accept);
    if (notAcceptable) throw notAcceptable;
    rejectQueryParameters(request.url);
    request.gatewayUpstream = GUIDE_UPSTREAM;
    const answer = await this.context.guide.guide(id, request);
    if (answer.kind === 'upstream-error') {
      reply.status(answer.status).header('content-type', JSONAPI_MEDIA_TYPE);
      return sendJsonApi(reply, request, answer.document);
    }
    return sendJsonApi(reply, request, answer.document, {
      etag: etagFor(answer.document),
      cacheControl: answer.cacheControl,
    });
  }
}

// The guide takes no query parameters; JSON:API wants a 400 for every one it does not know.
function rejectQueryParameters(url: string): void {
  const query = url.indexOf('?');
  if (query === -1 || query === url.length - 1) return;
  const names = new URLSearchParams(url.slice(query + 1)).keys();
  const errors = [...new Set(names)].map((name) =>
    JsonApiError.badParameter(name, `The guide takes no query parameters; got ${name}.`, {
      code: 'unknown-parameter',
    }),
  );
  if (errors.length > 0) throw new JsonApiErrorList(errors);
}
