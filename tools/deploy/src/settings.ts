/**
 * Variables whose default points at this machine (127.0.0.1, the repository's routes file): in a
 * container each must be set wherever the program reads it.
 */
export const REQUIRED_IN_CONTAINERS = [
  'DATABASE_URL',
  'REDIS_URL',
  'CMS_DATABASE_URL',
  'WORDPRESS_SITES',
  'PUBLIC_BASE_URL',
  'GATEWAY_ROUTES_FILE',
] as const;

const LOOPBACK = /\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(?=[:/]|$)/;

/** The settings (dotted paths, array items under their array's path) whose value is a loopback URL. */
export function loopbackSettings(config: unknown, path = ''): string[] {
  if (typeof config === 'string') return LOOPBACK.test(config) ? [path] : [];
  if (config instanceof Map) {
    return [...config].flatMap(([key, value]) => loopbackSettings(value, `${path}.${key}`));
  }
  if (Array.isArray(config)) return [...new Set(config.flatMap((v) => loopbackSettings(v, path)))];
  if (config && typeof config === 'object') {
    return Object.entries(config).flatMap(([key, value]) =>
      loopbackSettings(value, path ? `${path}.${key}` : key),
    );
  }
  return [];
}
