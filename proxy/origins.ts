/**
 * ALLOWED_ORIGINS, read the same way by every entry (Node and the Workers runtime): exact
 * origins, comma-separated; a trailing slash is forgiven, anything that is not an origin (a path,
 * a wildcard) is a configuration error rather than an origin that silently never matches.
 */
export type ParsedOrigins = { ok: true; origins: string[] } | { ok: false; error: string };

const isOrigin = (value: string) => {
  try {
    return !value.includes('*') && new URL(value).origin === value;
  } catch {
    return false;
  }
};

export function parseOrigins(value: string | undefined): ParsedOrigins {
  const origins = (value ?? '')
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  const wrong = origins.find((o) => !isOrigin(o));
  if (wrong === undefined) return { ok: true, origins };
  return {
    ok: false,
    error:
      `ALLOWED_ORIGINS holds "${wrong}", which is not an origin. List exact origins, ` +
      'comma-separated, each scheme://host[:port], e.g. https://shop.example (no wildcards).',
  };
}
