import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { JSONAPI_VERSION, sendJsonApi } from '@waypost/shared/jsonapi';
import { AccessPolicy } from '../auth/access.service';
import { GatewayContext } from '../gateway.context';
import { API_PREFIX } from '../proxy/proxy.handler';

const ADMIN_ONLY: AccessPolicy = { admin: true };

/** What the gateway is configured to do, for keys of admin plans. */
@Controller('admin')
export class AdminController {
  constructor(@Inject(GatewayContext) private readonly context: GatewayContext) {}

  @Get('routes')
  async routes(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    await this.context.access.admit(request, reply, ADMIN_ONLY);
    const { routes, upstreams, plans, guide } = this.context.config.routes;
    const urlOf = (name: string) => upstreams.get(name)!.url;
    return sendJsonApi(
      reply,
      request,
      {
        jsonapi: { version: JSONAPI_VERSION },
        links: { self: `${this.context.config.publicBaseUrl}/admin/routes` },
        data: routes.map((route) => ({
          type: 'gatewayRoutes',
          id: route.prefix,
          attributes: {
            path: `${API_PREFIX}${route.prefix}`,
            targets: route.targets.map((target) => ({ ...target, url: urlOf(target.upstream) })),
            timeoutMs: route.timeoutMs,
            plans: route.plans,
          },
        })),
        meta: {
          routesFile: this.context.config.routesFile,
          plans: Object.fromEntries([...plans.values()].map(({ name, ...plan }) => [name, plan])),
          guide: {
            path: `${API_PREFIX}/places/{id}/guide`,
            plans: guide.plans,
            calls: [{ name: 'place', ...guide.place }, ...guide.parts].map((call) => ({
              ...call,
              url: urlOf(call.upstream),
            })),
          },
        },
      },
      { cacheControl: 'no-store' },
    );
  }
}
