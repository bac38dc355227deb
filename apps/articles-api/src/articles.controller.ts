import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ArticlesService } from './articles.service';
import { DocumentResponder } from '@waypost/shared/read-api';

@Controller('articles')
export class ArticlesController {
  constructor(
    private readonly articles: ArticlesService,
    private readonly respond: DocumentResponder,
  ) {}

  @Get()
  list(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.respond.with(req, reply, () => this.articles.list('article', req.url));
  }

  @Get(':id')
  get(@Param('id') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.respond.with(req, reply, () => this.articles.get('article', id, req.url));
  }
}

@Controller('news')
export class NewsController {
  constructor(
    private readonly articles: ArticlesService,
    private readonly respond: DocumentResponder,
  ) {}

  @Get()
  list(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.respond.with(req, reply, () => this.articles.list('news', req.url));
  }

  @Get(':id')
  get(@Param('id') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.respond.with(req, reply, () => this.articles.get('news', id, req.url));
  }
}
