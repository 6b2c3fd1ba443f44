#!/usr/bin/env node
// A tiny MCP server that wants an OAuth Bearer token the way the platform's tenant endpoint does, for trying the
// OAuth client scripts without the platform: 401 with WWW-Authenticate (resource_metadata, scope), RFC 9728
// protected-resource metadata, and JWT access tokens checked with jose against the issuer's JWKS (iss, aud = the
// resource, exp, scopes from `scope` or `scp`). Stateless, one tool `whoami` that answers the token's claims.
//
//   node protected-mcp-server.mjs config.json
//
// config.json: {"port": 0, "issuer": "http://127.0.0.1:5400", "path": "/t/acme/mcp",
//               "requiredScopes": ["contacts:read"]}
// Stdout: one line {"ready":true,"url":"http://127.0.0.1:P/t/acme/mcp","resourceMetadata":"…"} once listening.
// Stderr: "request METHOD PATH STATUS" per request, and why a token was refused.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

const config = JSON.parse(await readFile(process.argv[2], 'utf8'));
const mcpPath = config.path ?? '/t/acme/mcp';
const requiredScopes = config.requiredScopes ?? [];

// The issuer's JWKS, found through its discovery document as a resource server would.
const discovery = await (await fetch(new URL('/.well-known/openid-configuration', config.issuer))).json();
const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri), { cooldownDuration: 0 });

const server = http.createServer(async (req, res) => {
  res.on('finish', () => process.stderr.write(`request ${req.method} ${req.url} ${res.statusCode}\n`));
  const origin = `http://${req.headers.host}`;
  const resource = origin + mcpPath;
  const metadataUrl = `${origin}/.well-known/oauth-protected-resource${mcpPath}`;
  const path = new URL(req.url, origin).pathname;
  if (path === new URL(metadataUrl).pathname) {
    const metadata = { resource, authorization_servers: [config.issuer], scopes_supported: requiredScopes, bearer_methods_supported: ['header'] };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(metadata));
    return;
  }
  if (path !== mcpPath) {
    res.writeHead(404).end();
    return;
  }
  const challenge = error =>
    `Bearer ${error ? `error="${error}", ` : ''}resource_metadata="${metadataUrl}"${requiredScopes.length ? `, scope="${requiredScopes.join(' ')}"` : ''}`;
  const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (!token) {
    res.writeHead(401, { 'www-authenticate': challenge() }).end();
    return;
  }
  let claims;
  try {
    ({ payload: claims } = await jwtVerify(token, jwks, { issuer: config.issuer, audience: resource, algorithms: ['RS256'] }));
  } catch (err) {
    process.stderr.write(`token refused: ${err.code ?? ''} ${err.message}\n`);
    res.writeHead(401, { 'www-authenticate': challenge('invalid_token') }).end();
    return;
  }
  const scopes = new Set(typeof claims.scope === 'string' ? claims.scope.split(' ') : [claims.scp ?? []].flat());
  if (!requiredScopes.every(s => scopes.has(s))) {
    res.writeHead(403, { 'www-authenticate': challenge('insufficient_scope') }).end();
    return;
  }
  if (req.method !== 'POST') {
    res.writeHead(405, { allow: 'POST' }).end(); // stateless: no GET stream, no session to DELETE
    return;
  }
  const mcp = new McpServer({ name: 'protected-mcp-server', version: '0.0.1' });
  mcp.registerTool('whoami', { description: 'The access token\'s claims.' }, () => ({
    content: [{ type: 'text', text: String(claims.sub) }],
    structuredContent: { claims },
  }));
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on('close', () => {
    transport.close();
    mcp.close();
  });
  await mcp.connect(transport);
  await transport.handleRequest(req, res);
});

server.listen(config.port ?? 0, '127.0.0.1', () => {
  const origin = `http://127.0.0.1:${server.address().port}`;
  process.stdout.write(JSON.stringify({ ready: true, url: origin + mcpPath, resourceMetadata: `${origin}/.well-known/oauth-protected-resource${mcpPath}` }) + '\n');
});
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
