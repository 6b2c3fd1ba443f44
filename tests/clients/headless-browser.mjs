// A browser's part of an OAuth code flow without a browser: GET the authorize URL and follow its redirects
// (authorization server → its login/consent interaction → back), keeping cookies like a browser would, until the
// Location is the client's redirect URI. oidc-issuer.mjs finishes its interaction without a form, so this is enough.
// Used by mcp-oauth-session.mjs (in process) and fake-browser.mjs (mcp-remote's $BROWSER).

const MAX_HOPS = 20;

/**
 * Follows `authorizationUrl` until a redirect points at `redirectUri` (compared without the query) and returns that
 * URL, e.g. http://127.0.0.1:PORT/callback?code=…&state=…&iss=… (or ?error=… if the server refused). With
 * `deliver`, the redirect URI itself is then fetched too, as a browser would (mcp-remote's callback server needs it).
 * Every request goes into `trail` as {url, method:"GET", status, via:"browser"}.
 */
export async function followAuthorization(authorizationUrl, { redirectUri, deliver = false, trail = [], fetchFn = fetch }) {
  const target = stripQuery(redirectUri);
  const jar = new Map(); // origin → Map(cookie name → value); cookies here are per host:port, never shared
  let url = new URL(authorizationUrl);
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const entry = { url: url.href, method: 'GET', status: null, via: 'browser' };
    trail.push(entry);
    const cookies = jar.get(url.origin);
    const headers = cookies?.size ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
    const response = await fetchFn(url, { redirect: 'manual', headers });
    entry.status = response.status;
    keepCookies(jar, url.origin, response.headers.getSetCookie?.() ?? []);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) {
      const body = (await response.text()).slice(0, 500);
      if (stripQuery(url.href) === target) return url.href; // delivered to the callback
      throw new Error(`authorization stopped at ${url.href} with HTTP ${response.status} and no redirect: ${body}`);
    }
    await response.body?.cancel();
    const next = new URL(location, url);
    if (stripQuery(next.href) === target && !deliver) return next.href;
    url = next;
  }
  throw new Error(`authorization did not reach ${redirectUri} within ${MAX_HOPS} redirects`);
}

/** The code (or the error) in a redirect URI's query. */
export function authorizationResponse(redirectedTo) {
  const params = new URL(redirectedTo).searchParams;
  const code = params.get('code');
  if (code) return { code, state: params.get('state'), iss: params.get('iss') };
  throw new Error(`authorization failed: ${params.get('error') ?? 'no code'} ${params.get('error_description') ?? ''} (${redirectedTo})`.trim());
}

function stripQuery(href) {
  const u = new URL(href);
  return u.origin + u.pathname;
}

function keepCookies(jar, origin, setCookies) {
  for (const header of setCookies) {
    const [pair, ...attributes] = header.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const cookies = jar.get(origin) ?? new Map();
    jar.set(origin, cookies);
    // A cookie that is being deleted (expired or Max-Age=0) goes; the rest is kept, whatever its path.
    const expired = attributes.some(a => /^\s*max-age\s*=\s*0\s*$/i.test(a) || (/^\s*expires\s*=/i.test(a) && Date.parse(a.split('=')[1]) < Date.now()));
    if (expired || value === '') cookies.delete(name);
    else cookies.set(name, value);
  }
}
