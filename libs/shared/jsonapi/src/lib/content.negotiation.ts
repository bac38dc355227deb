import { JsonApiError } from './jsonapi.errors';
import { JSONAPI_MEDIA_TYPE } from './media.types';

interface MediaRange {
  type: string;
  parameters: Map<string, string>;
}

// Only these may modify the JSON:API media type; we support no extensions, so `ext` must name none.
const ALLOWED_PARAMETERS = new Set(['ext', 'profile']);

/**
 * Accept check per JSON:API 1.1: a 406 error only when every JSON:API media type in the header
 * carries a parameter other than `ext`/`profile` (or asks for an extension); otherwise undefined.
 * No Accept header, a wildcard or `application/json` are fine: they get JSON:API.
 */
export function checkAccept(accept: string | string[] | undefined): JsonApiError | undefined {
  const instances = parseMediaRanges(joinHeader(accept)).filter(isJsonApi);
  if (instances.length === 0 || instances.some(isPlainJsonApi)) return undefined;
  return JsonApiError.notAcceptable(
    `Every ${JSONAPI_MEDIA_TYPE} in Accept carries a parameter other than ext or profile, or an extension this server does not support.`,
  );
}

/** Content-Type check for a request body: a 415 error for the JSON:API media type with other parameters. */
export function checkContentType(contentType: string | undefined): JsonApiError | undefined {
  const [range] = parseMediaRanges(contentType ?? '');
  if (!range || !isJsonApi(range) || isPlainJsonApi(range)) return undefined;
  return JsonApiError.unsupportedMediaType(
    `${JSONAPI_MEDIA_TYPE} may carry only the ext and profile parameters, and this server supports no extensions.`,
  );
}

function joinHeader(header: string | string[] | undefined): string {
  return Array.isArray(header) ? header.join(',') : (header ?? '');
}

function isJsonApi(range: MediaRange): boolean {
  return range.type === JSONAPI_MEDIA_TYPE;
}

function isPlainJsonApi(range: MediaRange): boolean {
  const names = [...range.parameters.keys()];
  const extensions = (range.parameters.get('ext') ?? '').trim();
  return names.every((name) => ALLOWED_PARAMETERS.has(name)) && extensions === '';
}

// Media ranges with their parameters (names lower-cased, quotes removed); the weight `q` and
// anything after it are Accept parameters, not media type parameters, so they are dropped.
function parseMediaRanges(header: string): MediaRange[] {
  return splitOutsideQuotes(header, ',')
    .map((part) => splitOutsideQuotes(part, ';').map((piece) => piece.trim()))
    .filter(([type]) => type)
    .map(([type, ...rawParameters]) => {
      const parameters = new Map<string, string>();
      for (const raw of rawParameters) {
        const equals = raw.indexOf('=');
        const name = (equals < 0 ? raw : raw.slice(0, equals)).trim().toLowerCase();
        if (name === 'q') break;
        if (name) parameters.set(name, unquote(equals < 0 ? '' : raw.slice(equals + 1).trim()));
      }
      return { type: type.toLowerCase(), parameters };
    });
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && quoted && i + 1 < text.length) {
      current += char + text[++i];
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (char === separator && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

function unquote(value: string): string {
  if (value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) return value;
  return value.slice(1, -1).replace(/\\(.)/g, '$1');
}
