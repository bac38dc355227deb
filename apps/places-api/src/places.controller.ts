import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DocumentResponder } from '@waypost/shared/read-api';
import { PlacesService } from './places.service';
import { PointsOfInterestService } from './points-of-interest.service';

@Controller('places')
export class PlacesController {
  constructor(
    private readonly places: PlacesService,
    private readonly respond: DocumentResponder,
  ) {}

  @Get()
  list(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.respond.with(req, reply, () => this.places.list(req.url));
  }

  @Get(':id')
  get(@Param('id') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.respond.with(req, reply, () => this.places.get(id, req.url));
  }

  @Get(':id/children')
  children(@Param('id') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.respond.with(req, reply, () => this.places.childrenOf(id, req.url));
  }

  @Get(':id/ancestors')
  ancestors(@Param('id') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.respond.with(req, reply, () => this.places.ancestorsOf(id, req.url));
  }
}

@Controller('pointsOfInterest')
export class PointsOfInterestController {
  constructor(
    private readonly pointsOfInterest: PointsOfInterestService,
    private readonly respond: DocumentResponder,
  ) {}

  @Get()
  list(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.respond.with(req, reply, () => this.pointsOfInterest.list(req.url));
  }

  @Get(':id')
  get(@Param('id') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.respond.with(req, reply, () => this.pointsOfInterest.get(id, req.url));
  }
}
