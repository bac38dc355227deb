import { Controller, Get, Header, Inject } from '@nestjs/common';
import { Registry, prometheusContentType } from 'prom-client';
import { METRICS_REGISTRY } from './observability.tokens';

@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  @Header('Content-Type', prometheusContentType)
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
