#!/usr/bin/env node
// A real OAuth 2.1 / OpenID Connect authorization server for the tests (npm oidc-provider, pinned), with a
// headless login: whoever follows the authorize URL's redirects is signed in as `account` and every requested
// scope and resource is granted, so plain HTTP (with cookies) ends at the client's redirect_uri with ?code=….
//
//   node oidc-issuer.mjs config.json        (oidc-provider 9 wants Node 22: use node_modules/node/bin/node)
//
// config.json:
//   {
//     "port": 5400,                                  // 0: any free port (the ready line tells the issuer)
//     "issuer": "http://127.0.0.1:5400",             // optional; default http://127.0.0.1:<port>
//     "keys": {"keys": [{"kty":"RSA","kid":"k1","n":…,"e":…,"d":…,"p":…,"q":…,"dp":…,"dq":…,"qi":…}]},
//     "registration": true,                          // dynamic client registration (RFC 7591) on/off
//     "clients": [{"client_id":"app","client_secret":"s","grant_types":["client_credentials"],
//                  "redirect_uris":[],"token_endpoint_auth_method":"client_secret_basic",
//                  "tokenClaims": {"roles":["ops"]}}],   // tokenClaims: ours, put into this client's
//                                                         //   client_credentials tokens
//     "scopes": ["contacts:read", "contacts:write"],
//     "accessTokenTtlSeconds": 300,
//     "account": "alice",                            // the subject the headless login signs in
//     "accountClaims": {"roles": ["billing-admins"]},  // extra claims in access tokens issued for `account`
//     "rfc8414Metadata": false                       // optional, default true: false answers 404 at
//                                                    //   /.well-known/oauth-authorization-server (OIDC discovery only)
//   }
//
// Access tokens for a resource (RFC 8707 `resource` parameter) are RS256 JWTs (RFC 9068, typ at+jwt) whose aud is
// that resource and whose `scope` holds the granted scopes; any absolute URI is accepted as a resource.
// Stdout: one line {"ready":true,"issuer":"…","port":…} once listening. Stderr: "request METHOD PATH STATUS" per
// request (so a test sees e.g. the JWKS fetched again after a key rotation), plus oidc-provider's own warnings.
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';

const configPath = process.argv[2];
if (!configPath) {
  process.stderr.write('usage: node oidc-issuer.mjs <config.json>\n');
  process.exit(2);
}
const config = JSON.parse(await readFile(configPath, 'utf8'));
if (!Array.isArray(config.keys?.keys) || config.keys.keys.length === 0) throw new Error('config.keys must be a JWKS with at least one private key');

const ttl = Number.isFinite(config.accessTokenTtlSeconds) ? config.accessTokenTtlSeconds : 300;
const account = config.account ?? 'test-user';
const accountClaims = config.accountClaims ?? {};
// openid/offline_access are the provider's own; the rest are the resource servers' scopes.
const resourceScopes = (config.scopes ?? []).filter(s => s !== 'openid' && s !== 'offline_access');

// Our per-client extra claims are not client metadata oidc-provider knows; keep them aside.
const clientClaims = new Map();
const clients = (config.clients ?? []).map(({ tokenClaims, ...client }) => {
  if (tokenClaims) clientClaims.set(client.client_id, tokenClaims);
  const grants = client.grant_types ?? ['authorization_code'];
  return {
    grant_types: grants,
    response_types: grants.includes('authorization_code') ? ['code'] : [],
    redirect_uris: [],
    ...client,
  };
});

const server = http.createServer();
server.listen(config.port ?? 0, '127.0.0.1');
await new Promise((resolve, reject) => server.once('listening', resolve).once('error', reject));
const port = server.address().port;
const issuer = config.issuer ?? `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  jwks: config.keys,
  clients,
  scopes: ['openid', 'offline_access', ...resourceScopes],
  // Cookies carry the login across the authorize → interaction → resume redirects; signed with throwaway keys.
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  pkce: { required: () => true }, // OAuth 2.1: every code flow uses PKCE (S256 is the only method v9 allows)
  // Browser-based MCP clients call the token endpoint cross-origin; allow any origin.
  clientBasedCORS: () => true,
  ttl: { AccessToken: ttl, ClientCredentials: ttl },
  // Refresh tokens whenever the client may use them, not only for offline_access.
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  extraTokenClaims: async (_ctx, token) => (token.accountId ? accountClaims : clientClaims.get(token.clientId)),
  features: {
    devInteractions: { enabled: false }, // replaced by the headless interaction below
    clientCredentials: { enabled: true },
    registration: { enabled: config.registration === true },
    introspection: { enabled: true },
    revocation: { enabled: true },
    resourceIndicators: {
      enabled: true,
      // A code flow that asked for one resource gets its token for it even if the token request leaves it out.
      defaultResource: async (_ctx, _client, oneOf) => oneOf,
      useGrantedResource: async () => true,
      getResourceServerInfo: async (_ctx, resource) => ({
        scope: resourceScopes.join(' '),
        audience: resource,
        accessTokenTTL: ttl,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
});
provider.proxy = false;

provider.on('server_error', (_ctx, err) => process.stderr.write(`server_error: ${err?.stack ?? err}\n`));

// Request log, outermost so it sees the final status.
provider.use(async (ctx, next) => {
  const { method, path } = ctx;
  try {
    await next();
  } finally {
    process.stderr.write(`request ${method} ${path} ${ctx.status}\n`);
  }
});

// oidc-provider serves its metadata at both /.well-known/openid-configuration and (RFC 8414)
// /.well-known/oauth-authorization-server; an IdP with OIDC discovery only is the 404 here.
if (config.rfc8414Metadata === false) {
  provider.use(async (ctx, next) => {
    if (ctx.path === '/.well-known/oauth-authorization-server') ctx.status = 404;
    else await next();
  });
}

// Headless login and consent: any request to the interaction URL finishes it at once.
provider.use(async (ctx, next) => {
  if (!/^\/interaction\/[^/]+$/.test(ctx.path)) return next();
  const { prompt, params, grantId } = await provider.interactionDetails(ctx.req, ctx.res);
  const grant = (grantId && (await provider.Grant.find(grantId))) || new provider.Grant({ accountId: account, clientId: params.client_id });
  const requested = typeof params.scope === 'string' ? params.scope : '';
  if (requested) grant.addOIDCScope(requested);
  // Every requested resource with every requested scope (the resource server filters out what it does not know).
  const resources = params.resource === undefined ? [] : [params.resource].flat();
  for (const resource of resources) grant.addResourceScope(resource, requested);
  const details = prompt.details ?? {};
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  for (const [resource, scopes] of Object.entries(details.missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(' '));
  const result = { login: { accountId: account }, consent: { grantId: await grant.save() } };
  const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  ctx.status = 303;
  ctx.redirect(returnTo);
});

server.on('request', provider.callback());
process.stdout.write(JSON.stringify({ ready: true, issuer, port }) + '\n');

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections(); // keep-alive connections would hold close() open
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
