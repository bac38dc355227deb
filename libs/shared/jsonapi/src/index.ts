export {
  CURSOR_PROFILE,
  JSONAPI_MEDIA_TYPE,
  JSONAPI_PAGINATED_MEDIA_TYPE,
  JSONAPI_VERSION,
} from './lib/media.types';
export {
  DEFAULT_PAGE,
  defineResource,
  pageSpecOf,
  type PageSpec,
  type RelationshipKind,
  type RelationshipSpec,
  type ResourceSpec,
  type SortValueType,
} from './lib/resource.definition';
export {
  FilterValueError,
  filterValue,
  type FilterParser,
  type LatLng,
} from './lib/filter.parsers';
export type {
  Cursor,
  CursorValue,
  FilterValues,
  ParsedQuery,
  SingleResourceQuery,
  SortDirection,
  SortField,
} from './lib/query.types';
export {
  hasNul,
  parseJsonApiQuery,
  parseSingleResourceQuery,
  queryStringOf,
  type ParseOptions,
  type QueryFamily,
} from './lib/query.parser';
export { decodeCursor, encodeCursor } from './lib/cursor.codec';
export { pathId } from './lib/path.params';
export {
  createDocumentBuilder,
  type CollectionOptions,
  type DocumentBuilder,
  type DocumentBuilderOptions,
  type DocumentOptions,
  type JsonApiDocument,
  type JsonApiDocumentLinks,
  type RelationshipObject,
  type ResourceIdentifier,
  type ResourceObject,
  type ResourceRow,
} from './lib/document.builder';
export {
  JsonApiError,
  JsonApiErrorList,
  errorDocument,
  responseStatus,
  type BadParameterCode,
  type ErrorSource,
  type JsonApiErrorCode,
  type JsonApiErrorDocument,
  type JsonApiErrorInit,
  type JsonApiErrorObject,
  type JsonApiErrorOptions,
} from './lib/jsonapi.errors';
export { checkAccept, checkContentType } from './lib/content.negotiation';
export { etagFor, isNotModified } from './lib/conditional.request';
export { addVaryAccept, sendJsonApi, type SendJsonApiOptions } from './lib/jsonapi.reply';
export { JsonApiExceptionFilter, sendJsonApiError } from './lib/jsonapi-exception.filter';
export { JsonApiNegotiationGuard } from './lib/jsonapi-negotiation.guard';
