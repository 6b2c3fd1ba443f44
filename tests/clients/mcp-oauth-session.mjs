#!/usr/bin/env node
// One MCP client session of the official TypeScript SDK that signs in with OAuth, as the SDK's own examples do:
// connect → 401 → the SDK discovers (RFC 9728 protected-resource metadata, RFC 8414 / OIDC authorization-server
// metadata), registers (RFC 7591) unless a client is given, and hands our OAuthClientProvider the authorize URL;
// we follow it headlessly (headless-browser.mjs) to the redirect URI, transport.finishAuth(code) exchanges the code,
// and a new transport connects with the Bearer token.
//
//   node mcp-oauth-session.mjs plan.json
//
// plan.json:
//   {
//     "url": "http://127.0.0.1:P/t/acme/mcp",
//     "redirectUri": "http://127.0.0.1:1/callback",     // never listened on: the code is taken from the Location
//     "scope": "contacts:read",                          // optional; the SDK's last resort (client metadata scope):
//                                                        //   the 401's WWW-Authenticate scope, then the resource
//                                                        //   metadata's scopes_supported, win over it
//     "clientInformation": {"client_id": "pre", "client_secret": "…"},  // optional pre-registered client;
//                                                        //   absent: the SDK registers one dynamically
//     "clientMetadata": {"token_endpoint_auth_method": "client_secret_post"},  // optional overrides of what
//                                                        //   the SDK registers
//     "timeoutMs": 30000,                                // optional; whole run
//     "steps": [{"op": "listTools"}, {"op": "callTool", "name": "…", "arguments": {}},
//               {"op": "callToolExpectError", "name": "…", "arguments": {}}, {"op": "ping"}]
//   }
//
// Prints one JSON line on stdout:
//   {"ok":true,"serverInfo":…,"protocolVersion":…,"sessionId":…,"results":[…],"requests":[…MCP endpoint only…],
//    "auth":{"clientId":"…","registered":true|false,"authorizationUrl":"…","tokenType":"Bearer","scope":"…",
//            "refreshToken":true|false,"accessToken":{…decoded JWT payload, unverified…}|null,
//            "requests":[{"url","method","status","wwwAuthenticate"?,"bearer"?,"rpc"?,"via"?},…every HTTP request in order]}}
//   {"ok":false,"error":"…","code":…,"httpStatus":…,"results":[…],"requests":[…],"auth":{…so far}}   (exit 1)
// auth.requests has the SDK's requests (MCP, discovery, registration, token) and the headless browser's authorize
// hops ("via":"browser"); "wwwAuthenticate" is the header of a 401/403, "bearer" whether the request carried a token.
import { readFile } from 'node:fs/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { describe, failure, runSteps } from './mcp-steps.mjs';
import { authorizationResponse, followAuthorization } from './headless-browser.mjs';

const results = [];
const trail = [];
let endpoint; // the MCP URL, to pick its requests out of the trail
const auth = { clientId: null, registered: false, authorizationUrl: null, accessToken: null, requests: trail };
let finished = false;

function finish(doc, exitCode) {
  if (finished) return;
  finished = true;
  process.stdout.write(JSON.stringify(doc) + '\n', () => process.exit(exitCode));
}

function mcpRequests() {
  return trail.filter(r => r.via === undefined && r.url === endpoint).map(({ wwwAuthenticate, bearer, ...r }) => r);
}

function fail(err) {
  const doc = failure(err);
  Object.assign(doc, { results, requests: mcpRequests(), auth });
  finish(doc, 1);
}

/** JSON-RPC method name of a request body, for the log. */
function rpcMethod(body) {
  if (typeof body !== 'string') return undefined;
  try {
    const msg = JSON.parse(body);
    return Array.isArray(msg) ? msg.map(m => m?.method) : msg?.method;
  } catch {
    return undefined; // a form body (token, registration is JSON without "method")
  }
}

/** fetch with an entry in the trail: the SDK's transport and its OAuth calls all go through it. */
async function loggedFetch(input, init) {
  const url = new URL(input instanceof Request ? input.url : String(input)).href;
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
  const entry = { url, method: (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase(), status: null };
  const rpc = rpcMethod(init?.body);
  if (rpc !== undefined) entry.rpc = rpc;
  if (/^bearer /i.test(headers.get('authorization') ?? '')) entry.bearer = true;
  trail.push(entry);
  try {
    const response = await fetch(input, init);
    entry.status = response.status;
    const challenge = response.headers.get('www-authenticate');
    if (challenge !== null && (response.status === 401 || response.status === 403)) entry.wwwAuthenticate = challenge;
    return response;
  } catch (err) {
    if (err?.name !== 'AbortError') entry.error = describe(err);
    throw err;
  }
}

/** The payload of a JWT, unverified (the resource server verifies; the test only looks). Null if not a JWT. */
function jwtPayload(token) {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 3) return null;
  try {
    return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

/** An OAuthClientProvider that keeps everything in memory and "opens the browser" headlessly. */
class HeadlessOAuthProvider {
  #client;
  #tokens;
  #verifier;
  #discovery;

  constructor(plan) {
    this.plan = plan;
    this.#client = plan.clientInformation;
    this.code = undefined;
  }

  get redirectUrl() {
    return this.plan.redirectUri;
  }

  get clientMetadata() {
    return {
      client_name: 'mcpplatform-test-oauth-client',
      redirect_uris: [this.plan.redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      ...(this.plan.scope ? { scope: this.plan.scope } : {}),
      ...this.plan.clientMetadata,
    };
  }

  clientInformation() {
    return this.#client;
  }

  saveClientInformation(info) {
    // Called after a dynamic registration, and to stamp a given client with the issuer it was accepted by.
    if (info.client_id !== this.#client?.client_id) auth.registered = true;
    this.#client = info;
    auth.clientId = info.client_id;
  }

  tokens() {
    return this.#tokens;
  }

  saveTokens(tokens) {
    this.#tokens = tokens;
    Object.assign(auth, {
      tokenType: tokens.token_type,
      scope: tokens.scope ?? null,
      refreshToken: Boolean(tokens.refresh_token),
      accessToken: jwtPayload(tokens.access_token),
    });
  }

  saveCodeVerifier(verifier) {
    this.#verifier = verifier;
  }

  codeVerifier() {
    if (!this.#verifier) throw new Error('no code verifier saved');
    return this.#verifier;
  }

  // Kept, as a real client would, so finishAuth does not discover everything again.
  saveDiscoveryState(state) {
    this.#discovery = state;
  }

  discoveryState() {
    return this.#discovery;
  }

  invalidateCredentials(scope) {
    if (scope === 'all' || scope === 'client') this.#client = undefined;
    if (scope === 'all' || scope === 'tokens') this.#tokens = undefined;
    if (scope === 'all' || scope === 'verifier') this.#verifier = undefined;
    if (scope === 'all' || scope === 'discovery') this.#discovery = undefined;
  }

  async redirectToAuthorization(authorizationUrl) {
    auth.authorizationUrl = authorizationUrl.href;
    const redirectedTo = await followAuthorization(authorizationUrl, { redirectUri: this.plan.redirectUri, trail, fetchFn: fetch });
    this.code = authorizationResponse(redirectedTo).code;
  }
}

async function main() {
  const planPath = process.argv[2];
  if (!planPath) throw new Error('usage: node mcp-oauth-session.mjs <plan.json>');
  const plan = JSON.parse(await readFile(planPath, 'utf8'));
  if (typeof plan.url !== 'string') throw new Error('plan.url must be the MCP URL');
  if (typeof plan.redirectUri !== 'string') throw new Error('plan.redirectUri must be a URL');
  endpoint = new URL(plan.url).href;
  auth.clientId = plan.clientInformation?.client_id ?? null;

  const timeoutMs = Number.isFinite(plan.timeoutMs) ? plan.timeoutMs : 30_000;
  setTimeout(() => fail(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs).unref();
  const requestOptions = { timeout: timeoutMs };

  const provider = new HeadlessOAuthProvider(plan);
  const connect = async () => {
    const transport = new StreamableHTTPClientTransport(new URL(plan.url), { authProvider: provider, fetch: loggedFetch });
    transport.onerror = err => process.stderr.write(`transport: ${describe(err)}\n`);
    const client = new Client({ name: 'mcpplatform-test-oauth-client', version: '1.0.0' });
    await client.connect(transport, requestOptions);
    return { client, transport };
  };

  let session;
  try {
    session = await connect();
  } catch (err) {
    // The SDK's way: the first connect ends in UnauthorizedError once the provider was sent to the authorize URL.
    if (!(err instanceof UnauthorizedError) || provider.code === undefined) throw err;
    const pending = [...trail].reverse().find(r => r.url === endpoint && r.status === 401);
    process.stderr.write(`authorizing (401 ${pending?.wwwAuthenticate ?? ''})\n`);
    // As in the SDK's examples: finishAuth (a transport with the same provider) exchanges the code, then connect anew.
    const exchanging = new StreamableHTTPClientTransport(new URL(plan.url), { authProvider: provider, fetch: loggedFetch });
    await exchanging.finishAuth(provider.code);
    session = await connect();
  }
  const { client, transport } = session;

  await runSteps(client, plan.steps, requestOptions, results);

  const doc = {
    ok: true,
    serverInfo: client.getServerVersion() ?? null,
    protocolVersion: transport.protocolVersion ?? null,
    sessionId: transport.sessionId ?? null,
    results,
    requests: null,
    auth,
  };
  if (transport.sessionId) await transport.terminateSession().catch(err => process.stderr.write(`terminateSession: ${describe(err)}\n`));
  await client.close().catch(() => {});
  doc.requests = mcpRequests();
  finish(doc, 0);
}

main().catch(fail);
