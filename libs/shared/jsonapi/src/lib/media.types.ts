/** The JSON:API version every document announces in its `jsonapi` member. */
export const JSONAPI_VERSION = '1.1';

/** The JSON:API media type. */
export const JSONAPI_MEDIA_TYPE = 'application/vnd.api+json';

/** The official cursor-pagination profile our collections follow. */
export const CURSOR_PROFILE = 'https://jsonapi.org/profiles/ethanresnick/cursor-pagination';

/** Content-Type of a paginated collection: the media type announcing the cursor profile. */
export const JSONAPI_PAGINATED_MEDIA_TYPE = `${JSONAPI_MEDIA_TYPE}; profile="${CURSOR_PROFILE}"`;
