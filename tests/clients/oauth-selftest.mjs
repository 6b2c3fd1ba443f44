#!/usr/bin/env node
// Self-test of the OAuth tooling without the platform: oidc-issuer.mjs (under the Node 22 of node_modules/node when
// installed, as the .NET tests run it), protected-mcp-server.mjs trusting it, and mcp-oauth-session.mjs and
// mcp-remote-session.mjs signing in against them.
//   node oauth-selftest.mjs        (node:test output; exits non-zero on failure)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const node22 = path.join(here, 'node_modules', 'node', 'bin', 'node');
const REDIRECT = 'http://127.0.0.1:1/callback'; // nothing listens: mcp-oauth-session.mjs takes the code from the Location

let dir;
const children = [];
let issuer;
let mcpUrl;

/** Starts a script and resolves its ready line (the first JSON line on stdout); its stderr is kept. */
async function start(executable, script, config) {
  const file = path.join(dir, `${path.basename(script, '.mjs')}-${children.length}.json`);
  await writeFile(file, JSON.stringify(config));
  const child = spawn(executable, [path.join(here, script), file], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  child.log = [];
  createInterface({ input: child.stderr }).on('line', line => child.log.push(line));
  const ready = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', line => resolve(JSON.parse(line)));
    child.once('exit', code => reject(new Error(`${script} exited with ${code}: ${child.log.join('\n')}`)));
  });
  return { child, ready };
}

/** Runs a client script with `plan`; resolves {code, doc, stderr}. */
async function runPlan(script, plan) {
  const file = path.join(dir, `plan-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(plan));
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(here, script), file], { timeout: 90_000 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') return reject(err);
      const lines = stdout.trim().split('\n');
      assert.equal(lines.length, 1, `expected one JSON line on stdout, got: ${stdout}\n${stderr}`);
      resolve({ code: err ? err.code : 0, doc: JSON.parse(lines[0]), stderr });
    });
  });
}

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'oauth-selftest-'));
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  ({ ready: issuer } = await start(existsSync(node22) ? node22 : process.execPath, 'oidc-issuer.mjs', {
    port: 0,
    keys: { keys: [{ ...key, kid: 'selftest-1', use: 'sig', alg: 'RS256' }] },
    registration: true,
    scopes: ['contacts:read', 'contacts:write'],
    account: 'alice',
    accountClaims: { roles: ['billing-admins'] },
    clients: [{ client_id: 'preregistered', token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], redirect_uris: [REDIRECT] }],
  }));
  ({ ready: { url: mcpUrl } } = await start(process.execPath, 'protected-mcp-server.mjs', { port: 0, issuer: issuer.issuer, requiredScopes: ['contacts:read'] }));
});

after(async () => {
  for (const child of children) child.kill();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const steps = [{ op: 'listTools' }, { op: 'callTool', name: 'whoami', arguments: {} }];

test('the TS SDK discovers, registers, signs in headlessly and calls with the Bearer token', async () => {
  const { code, doc, stderr } = await runPlan('mcp-oauth-session.mjs', { url: mcpUrl, redirectUri: REDIRECT, steps });
  assert.equal(code, 0, `${JSON.stringify(doc)}\n${stderr}`);
  assert.equal(doc.results[1].structuredContent.claims.sub, 'alice');
  const { auth } = doc;
  assert.equal(auth.registered, true);
  assert.deepEqual(auth.accessToken.aud, mcpUrl, 'the token is for the resource the metadata named');
  assert.equal(auth.accessToken.scope, 'contacts:read');
  assert.deepEqual(auth.accessToken.roles, ['billing-admins']);
  assert.equal(auth.accessToken.client_id, auth.clientId);

  // The discovery order, as the SDK does it: 401 → protected-resource metadata → AS metadata → register → authorize
  // (and the interaction hops) → token → MCP with Bearer.
  const origin = new URL(issuer.issuer).origin;
  const trail = auth.requests.map(r => {
    const u = new URL(r.url);
    return `${r.method} ${u.origin === origin ? 'issuer' : 'mcp'}${u.pathname.replace(/\/(interaction|auth)\/[^/]+$/, '/$1/{uid}')} ${r.status}${r.bearer ? ' bearer' : ''}`;
  });
  assert.deepEqual(trail.slice(0, 9), [
    'POST mcp/t/acme/mcp 401',
    'GET mcp/.well-known/oauth-protected-resource/t/acme/mcp 200',
    'GET issuer/.well-known/oauth-authorization-server 200',
    'POST issuer/reg 201',
    'GET issuer/auth 303',
    'GET issuer/interaction/{uid} 303',
    'GET issuer/auth/{uid} 303',
    'POST issuer/token 200',
    'POST mcp/t/acme/mcp 200 bearer',
  ], trail.join('\n'));
  assert.match(auth.requests[0].wwwAuthenticate, /resource_metadata="[^"]+\/\.well-known\/oauth-protected-resource\/t\/acme\/mcp", scope="contacts:read"/);
  assert.ok(doc.requests.every(r => r.url === mcpUrl), 'requests: the MCP endpoint only');
});

test('with a pre-registered client the TS SDK does not register', async () => {
  const { code, doc, stderr } = await runPlan('mcp-oauth-session.mjs', {
    url: mcpUrl,
    redirectUri: REDIRECT,
    clientInformation: { client_id: 'preregistered' },
    steps: [{ op: 'ping' }],
  });
  assert.equal(code, 0, `${JSON.stringify(doc)}\n${stderr}`);
  assert.equal(doc.auth.registered, false);
  assert.equal(doc.auth.clientId, 'preregistered');
  assert.equal(doc.auth.accessToken.client_id, 'preregistered');
  assert.ok(!doc.auth.requests.some(r => r.url.endsWith('/reg')), JSON.stringify(doc.auth.requests));
});

test('mcp-remote signs in through the fake browser and proxies the steps', async () => {
  const { code, doc, stderr } = await runPlan('mcp-remote-session.mjs', { url: mcpUrl, steps });
  assert.equal(code, 0, `${JSON.stringify(doc)}\n${stderr}`);
  assert.equal(doc.results[1].structuredContent.claims.sub, 'alice');
  assert.equal(doc.auth.accessToken.aud, mcpUrl);
  assert.equal(doc.auth.accessToken.client_id, doc.auth.clientId);
  assert.equal(doc.auth.browser.length, 1, 'one authorization');
  const { trail } = doc.auth.browser[0];
  assert.match(trail.at(-1).url, /^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback\?code=/);
  assert.equal(trail.at(-1).status, 200);
});
