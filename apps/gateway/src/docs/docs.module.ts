import { DynamicModule, Module } from '@nestjs/common';
import { DOCS_SPECS, DocsController } from './docs.controller';
import { loadDocsSpecs } from './docs.specs';

/** The API reference at `/docs`, rendered by Redoc from the specs in `openapi/`. */
@Module({})
export class DocsModule {
  static forRoot(options: { publicBaseUrl: string }): DynamicModule {
    return {
      module: DocsModule,
      controllers: [DocsController],
      providers: [{ provide: DOCS_SPECS, useFactory: () => loadDocsSpecs(options.publicBaseUrl) }],
    };
  }
}
