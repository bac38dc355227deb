import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { readFileSync } from 'node:fs';
import { JsonApiError } from '@waypost/shared/jsonapi';
import { DocsSpecs, GATEWAY_SPEC } from './docs.specs';
import { DOCS_CONTENT_SECURITY_POLICY, DOCS_INIT, docsPage } from './docs.page';

export const DOCS_SPECS = Symbol('DOCS_SPECS');

// Redoc's standalone bundle, from the redoc package (a dependency of the gateway's image). Its
// sidebar footer always loads Redocly's logo from a CDN, which these pages may not reach (their
// policy allows the gateway only): the logo is swapped for an empty inline image.
const REDOC_BUNDLE = require.resolve('redoc/bundles/redoc.standalone.js');
const REDOC_CDN_LOGO = 'https://cdn.redoc.ly/redoc/logo-mini.svg';
const EMPTY_IMAGE = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg"/>')}`;
let redocBundle: string | undefined;
const redoc = () =>
  (redocBundle ??= readFileSync(REDOC_BUNDLE, 'utf8').split(REDOC_CDN_LOGO).join(EMPTY_IMAGE));

const NO_REFERENCE = 'This build of the gateway has no API reference (no openapi/ folder).';

/** The API reference: `/docs` (the gateway), `/docs/<dataset>`, and the specs they render. */
@Controller('docs')
export class DocsController {
  constructor(@Inject(DOCS_SPECS) private readonly specs: DocsSpecs | undefined) {}

  @Get()
  gateway(@Res() reply: FastifyReply): FastifyReply {
    return this.page(reply, GATEWAY_SPEC);
  }

  @Get('assets/redoc.standalone.js')
  redoc(@Res() reply: FastifyReply): FastifyReply {
    return reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(redoc());
  }

  @Get('assets/docs.init.js')
  init(@Res() reply: FastifyReply): FastifyReply {
    return reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(DOCS_INIT);
  }

  @Get('specs/shared/:file')
  shared(@Param('file') file: string, @Res() reply: FastifyReply): FastifyReply {
    const text = this.available().shared(file);
    if (text === undefined) throw JsonApiError.notFound(`There is no shared spec file ${file}.`);
    return reply.type('text/yaml; charset=utf-8').send(text);
  }

  @Get('specs/:file')
  spec(@Param('file') file: string, @Res() reply: FastifyReply): FastifyReply {
    const name = file.replace(/\.json$/, '');
    const spec = file.endsWith('.json') ? this.available().spec(name) : undefined;
    if (!spec) throw JsonApiError.notFound(`There is no spec ${file}.`);
    return reply.type('application/json; charset=utf-8').send(spec);
  }

  @Get(':name')
  dataset(@Param('name') name: string, @Res() reply: FastifyReply): FastifyReply {
    return this.page(reply, name);
  }

  private page(reply: FastifyReply, name: string): FastifyReply {
    const spec = this.available().spec(name);
    if (!spec) {
      const names = this.available().names.join(', ');
      throw JsonApiError.notFound(`There is no API reference ${name} (references: ${names}).`);
    }
    const info = (spec['info'] ?? {}) as { title?: string };
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', DOCS_CONTENT_SECURITY_POLICY)
      .send(docsPage(info.title ?? name, `/docs/specs/${name}.json`));
  }

  private available(): DocsSpecs {
    if (!this.specs) throw JsonApiError.notFound(NO_REFERENCE);
    return this.specs;
  }
}
