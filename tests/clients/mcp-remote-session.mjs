#!/usr/bin/env node
// mcp-remote (npm, pinned) in front of an OAuth-protected MCP URL, driven as a stdio MCP server by the official TS
// SDK (StdioClientTransport + Client) running the plan's steps. mcp-remote signs in itself: it registers (or uses the
// given client), starts its callback server on 127.0.0.1:<callbackPort> and "opens a browser" with the authorize
// URL. The browser is fake-browser.mjs (through $BROWSER, which the xdg-open bundled with the `open` package
// honours): it follows the redirects and delivers the code to mcp-remote's callback. mcp-remote keeps client and
// tokens in MCP_REMOTE_CONFIG_DIR, a temporary folder of this run.
//
//   node mcp-remote-session.mjs plan.json
//
// plan.json:
//   {
//     "url": "http://127.0.0.1:P/t/acme/mcp",
//     "callbackPort": 0,                   // optional; 0 or absent: a free port
//     "clientInformation": {"client_id": "…", "client_secret": "…"},  // optional; --static-oauth-client-info
//     "clientMetadata": {"scope": "…"},    // optional; --static-oauth-client-metadata
//     "args": ["--transport", "http-only"],  // optional; more mcp-remote flags
//     "timeoutMs": 60000,                  // optional; whole run
//     "steps": [{"op": "listTools"}, …]    // as in mcp-session.mjs
//   }
//
// Prints one JSON line on stdout:
//   {"ok":true,"serverInfo":…,"protocolVersion":…,"results":[…],
//    "auth":{"clientId":"…","accessToken":{…decoded JWT payload…}|null,"refreshToken":true|false,"scope":…,
//            "browser":[{"url":"<authorize URL>","trail":[{url,method,status,via},…],"error"?},…],
//            "stored":["<files mcp-remote wrote in its config dir>"]},
//    "log":["…mcp-remote's stderr lines…"]}
//   {"ok":false,"error":"…","code":…,"results":[…],"auth":{…},"log":[…]}   (exit 1)
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { describe, runSteps } from './mcp-steps.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const proxyScript = path.join(here, 'node_modules', 'mcp-remote', 'dist', 'proxy.js');
const fakeBrowser = path.join(here, 'fake-browser.mjs');

const results = [];
const log = [];
const auth = { clientId: null, accessToken: null, browser: [], stored: [] };
let configDir;
let browserLog;
let finished = false;

async function finish(doc, exitCode) {
  if (finished) return;
  finished = true;
  await collectAuth().catch(err => log.push(`collecting auth state: ${describe(err)}`));
  if (configDir) await rm(configDir, { recursive: true, force: true }).catch(() => {});
  process.stdout.write(JSON.stringify({ ...doc, auth, log }) + '\n', () => process.exit(exitCode));
}

function fail(err) {
  const doc = { ok: false, error: describe(err), code: err instanceof McpError ? err.code : null, results };
  return finish(doc, 1);
}

/** A free TCP port on 127.0.0.1 for mcp-remote's callback server. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** What mcp-remote stored (client information, tokens) and what the fake browser saw. */
async function collectAuth() {
  if (browserLog) {
    const lines = (await readFile(browserLog, 'utf8').catch(() => '')).split('\n').filter(Boolean);
    auth.browser = lines.map(line => JSON.parse(line));
  }
  if (!configDir) return;
  for (const entry of await readdir(configDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    auth.stored.push(path.relative(configDir, file));
    if (!file.endsWith('.json')) continue;
    let data;
    try {
      data = JSON.parse(await readFile(file, 'utf8'));
    } catch {
      continue;
    }
    if (entry.name.endsWith('_client_info.json') && data.client_id) auth.clientId = data.client_id;
    if (entry.name.endsWith('_tokens.json') && data.access_token) {
      auth.accessToken = jwtPayload(data.access_token);
      auth.refreshToken = Boolean(data.refresh_token);
      auth.scope = data.scope ?? null;
    }
  }
}

function jwtPayload(token) {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

async function main() {
  const planPath = process.argv[2];
  if (!planPath) throw new Error('usage: node mcp-remote-session.mjs <plan.json>');
  const plan = JSON.parse(await readFile(planPath, 'utf8'));
  if (typeof plan.url !== 'string') throw new Error('plan.url must be the MCP URL');
  const timeoutMs = Number.isFinite(plan.timeoutMs) ? plan.timeoutMs : 60_000;
  setTimeout(() => fail(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs).unref();
  const requestOptions = { timeout: timeoutMs };

  configDir = await mkdtemp(path.join(tmpdir(), 'mcp-remote-'));
  browserLog = path.join(tmpdir(), `${path.basename(configDir)}-browser.jsonl`);
  await writeFile(browserLog, '');
  const callbackPort = plan.callbackPort || (await freePort());
  auth.clientId = plan.clientInformation?.client_id ?? null;

  // xdg-open runs "$BROWSER <url>" split on spaces: the two paths must not contain any.
  if (/\s/.test(process.execPath + fakeBrowser)) throw new Error(`no spaces allowed in ${process.execPath} or ${fakeBrowser}`);
  const args = [proxyScript, plan.url, String(callbackPort), '--host', '127.0.0.1'];
  if (plan.clientInformation) args.push('--static-oauth-client-info', JSON.stringify(plan.clientInformation));
  if (plan.clientMetadata) args.push('--static-oauth-client-metadata', JSON.stringify(plan.clientMetadata));
  args.push(...(plan.args ?? []));

  const transport = new StdioClientTransport({
    command: process.execPath,
    args,
    cwd: here,
    stderr: 'pipe',
    env: {
      ...process.env,
      MCP_REMOTE_CONFIG_DIR: configDir,
      BROWSER: `${process.execPath} ${fakeBrowser}`,
      MCP_FAKE_BROWSER_CALLBACK: `http://127.0.0.1:${callbackPort}/oauth/callback`,
      MCP_FAKE_BROWSER_LOG: browserLog,
      // The `open` package would pick a desktop's opener over $BROWSER if it saw a display.
      DISPLAY: '',
      WAYLAND_DISPLAY: '',
    },
  });
  let pendingLine = '';
  transport.stderr?.on('data', chunk => {
    const lines = (pendingLine + chunk.toString('utf8')).split('\n');
    pendingLine = lines.pop();
    log.push(...lines.filter(Boolean));
    if (log.length > 300) log.splice(0, log.length - 300);
  });

  // The revision agreed in initialize, as the Client hands it to its transport (stdio has no use for it).
  let negotiatedVersion = null;
  transport.setProtocolVersion = version => {
    negotiatedVersion = version;
  };

  const client = new Client({ name: 'mcpplatform-test-mcp-remote-client', version: '1.0.0' });
  await client.connect(transport, requestOptions);
  await runSteps(client, plan.steps, requestOptions, results);
  const doc = {
    ok: true,
    serverInfo: client.getServerVersion() ?? null,
    protocolVersion: negotiatedVersion,
    results,
  };
  await client.close().catch(() => {});
  await finish(doc, 0);
}

main().catch(fail);
