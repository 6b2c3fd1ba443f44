#!/usr/bin/env node
// Self-test of mcp-session.mjs without the platform: a tiny stateless MCP server (official SDK, one tool "echo")
// behind two HTTP listeners on random ports, and mcp-session.mjs run against both URLs.
//   node selftest.mjs        (or: node --test selftest.mjs; exits non-zero on failure)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ErrorCode, LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const sessionScript = path.join(here, 'mcp-session.mjs');
const TOKEN = 'selftest-token';

const echoInput = { text: z.string().describe('Text to echo back') };

/** A fresh McpServer per request (stateless mode). `port` tells which listener served the call. */
function createServer(port) {
  const mcp = new McpServer({ name: 'selftest-server', version: '0.0.1' });
  const echo = ({ text }) => ({ content: [{ type: 'text', text: `echo: ${text}` }], structuredContent: { text, servedBy: port } });
  mcp.registerTool('echo', { description: 'Echoes the text back.', inputSchema: echoInput }, echo);
  // McpServer answers an unknown tool with a tool result {isError:true}; the platform (C# SDK) answers a JSON-RPC
  // error -32602, as the MCP spec asks. Replace the tools/call handler to behave like the platform.
  const echoArgs = z.object(echoInput);
  mcp.server.removeRequestHandler('tools/call');
  mcp.server.setRequestHandler(CallToolRequestSchema, async request => {
    // A plain Error with a code becomes that JSON-RPC error (McpError would put "MCP error -32602: " into the message).
    if (request.params.name !== 'echo') throw Object.assign(new Error(`Unknown tool: '${request.params.name}'`), { code: ErrorCode.InvalidParams });
    const args = echoArgs.safeParse(request.params.arguments ?? {});
    if (!args.success) return { content: [{ type: 'text', text: args.error.message }], isError: true };
    return echo(args.data);
  });
  return mcp;
}

/** One listener; `jsonResponse` picks plain JSON responses instead of SSE (the two listeners use one each). */
function listen({ jsonResponse }) {
  const hits = [];
  const server = http.createServer(async (req, res) => {
    const port = server.address().port;
    hits.push(req.method);
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' }).end('{"error":"unauthorized"}');
      return;
    }
    if (req.method !== 'POST') {
      // Stateless: no standalone SSE stream (GET) and no session to delete (DELETE).
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const mcp = createServer(port);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: jsonResponse });
    res.on('close', () => {
      transport.close();
      mcp.close();
    });
    try {
      await mcp.connect(transport);
      await transport.handleRequest(req, res);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500).end(String(err));
    }
  });
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve({ server, hits, url: `http://127.0.0.1:${server.address().port}/t/acme/mcp` })));
}

let dir;
let a;
let b;
let silent; // accepts connections and never answers: for the timeout test

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mcp-selftest-'));
  a = await listen({ jsonResponse: true });
  b = await listen({ jsonResponse: false });
  silent = http.createServer(() => {});
  await new Promise(resolve => silent.listen(0, '127.0.0.1', resolve));
});

after(async () => {
  for (const s of [a?.server, b?.server, silent]) s?.closeAllConnections?.(), s?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

let planNo = 0;
/** Runs mcp-session.mjs with `plan`; resolves {code, doc, stderr}. */
async function runPlan(plan) {
  const file = path.join(dir, `plan-${++planNo}.json`);
  await writeFile(file, JSON.stringify(plan));
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [sessionScript, file], { timeout: 60_000 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') return reject(err);
      const lines = stdout.trim().split('\n');
      assert.equal(lines.length, 1, `expected one JSON line on stdout, got: ${stdout}`);
      resolve({ code: err ? err.code : 0, doc: JSON.parse(lines[0]), stderr });
    });
  });
}

test('one session alternates over both frontends and returns the results', async () => {
  const urls = [a.url, b.url];
  const { code, doc, stderr } = await runPlan({
    urls,
    token: TOKEN,
    steps: [
      { op: 'listTools' },
      { op: 'callTool', name: 'echo', arguments: { text: 'hello' } },
      { op: 'callTool', name: 'echo', arguments: { text: 'world' } },
      { op: 'callToolExpectError', name: 'nosuch', arguments: {} },
      { op: 'callTool', name: 'echo', arguments: {} },
      { op: 'ping' },
    ],
  });
  assert.equal(code, 0, `exit code; stdout=${JSON.stringify(doc)} stderr=${stderr}`);
  assert.equal(doc.ok, true);
  assert.equal(doc.serverInfo.name, 'selftest-server');
  assert.equal(doc.sessionId, null, 'stateless server makes no session');
  assert.equal(doc.results.length, 6);

  const [list, hello, world, unknown, invalid] = doc.results;
  assert.deepEqual(list.tools.map(t => t.name), ['echo']);
  assert.equal(list.tools[0].inputSchema.properties.text.type, 'string');
  assert.deepEqual(hello.content, [{ type: 'text', text: 'echo: hello' }]);
  assert.deepEqual(world.content, [{ type: 'text', text: 'echo: world' }]);
  assert.notEqual(hello.structuredContent.servedBy, world.structuredContent.servedBy, 'consecutive calls served by different listeners');
  assert.equal(unknown.error.code, -32602);
  assert.equal(unknown.error.message, "Unknown tool: 'nosuch'");
  assert.equal(invalid.isError, true, 'invalid arguments are a tool error result, not a failure');

  // The request log proves round-robin: request i went to urls[i % 2].
  assert.ok(doc.requests.length >= 7, `requests: ${JSON.stringify(doc.requests)}`);
  doc.requests.forEach((r, i) => assert.equal(r.url, urls[i % urls.length], `request ${i}: ${JSON.stringify(r)}`));
  assert.equal(doc.requests[0].method, 'POST');
  assert.equal(doc.requests[0].rpc, 'initialize');
  assert.equal(doc.requests[1].rpc, 'notifications/initialized');
  for (const r of doc.requests) assert.ok(r.status === 200 || r.status === 202 || r.status === 405, JSON.stringify(r));
  const calls = doc.requests.filter(r => r.rpc === 'tools/call');
  assert.equal(calls.length, 4);
  // ...and both listeners really got traffic.
  assert.ok(a.hits.length >= 3 && b.hits.length >= 3, `hits a=${a.hits} b=${b.hits}`);
});

test('protocolVersion makes the client negotiate an older revision, and later requests carry it', async () => {
  const { code, doc, stderr } = await runPlan({
    urls: [a.url, b.url],
    token: TOKEN,
    protocolVersion: '2025-03-26',
    steps: [{ op: 'listTools' }, { op: 'callTool', name: 'echo', arguments: { text: 'old' } }],
  });
  assert.equal(code, 0, `exit code; stdout=${JSON.stringify(doc)} stderr=${stderr}`);
  assert.equal(doc.protocolVersion, '2025-03-26', 'the server answered the requested revision');
  assert.equal(doc.results[1].content[0].text, 'echo: old');
  assert.equal(doc.requests[0].rpc, 'initialize');
  assert.equal(doc.requests[0].protocolVersion, undefined, 'initialize carries no MCP-Protocol-Version header');
  for (const r of doc.requests.slice(1)) assert.equal(r.protocolVersion, '2025-03-26', JSON.stringify(r));
});

test('without protocolVersion the client asks for the SDK\'s latest revision', async () => {
  const { code, doc } = await runPlan({ urls: [a.url], token: TOKEN, steps: [{ op: 'ping' }] });
  assert.equal(code, 0);
  assert.equal(doc.protocolVersion, LATEST_PROTOCOL_VERSION);
  assert.ok(doc.requests.slice(1).every(r => r.protocolVersion === LATEST_PROTOCOL_VERSION), JSON.stringify(doc.requests));
});

test('a single URL works too', async () => {
  const { code, doc } = await runPlan({ urls: [b.url], token: TOKEN, steps: [{ op: 'callTool', name: 'echo', arguments: { text: 'x' } }] });
  assert.equal(code, 0);
  assert.equal(doc.results[0].content[0].text, 'echo: x');
  assert.ok(doc.requests.every(r => r.url === b.url));
});

test('wrong token fails with ok:false and the HTTP status', async () => {
  const { code, doc } = await runPlan({ urls: [a.url, b.url], token: 'wrong', steps: [{ op: 'listTools' }] });
  assert.equal(code, 1);
  assert.equal(doc.ok, false);
  assert.equal(doc.httpStatus, 401);
  assert.equal(doc.requests[0].status, 401);
});

test('callToolExpectError fails the run when the call succeeds', async () => {
  const { code, doc } = await runPlan({ urls: [a.url, b.url], token: TOKEN, steps: [{ op: 'callToolExpectError', name: 'echo', arguments: { text: 'ok' } }] });
  assert.equal(code, 1);
  assert.equal(doc.ok, false);
  assert.match(doc.error, /expected a JSON-RPC error/);
});

test('unknown tool in a plain callTool fails with the JSON-RPC code', async () => {
  const { code, doc } = await runPlan({
    urls: [a.url, b.url],
    token: TOKEN,
    steps: [{ op: 'listTools' }, { op: 'callTool', name: 'nosuch', arguments: {} }],
  });
  assert.equal(code, 1);
  assert.equal(doc.code, -32602);
  assert.equal(doc.error, "Unknown tool: 'nosuch'");
  assert.equal(doc.results.length, 1, 'results so far are reported');
});

test('unreachable frontend fails, no hang', async () => {
  const closed = http.createServer();
  await new Promise(resolve => closed.listen(0, '127.0.0.1', resolve));
  const port = closed.address().port;
  await new Promise(resolve => closed.close(resolve));
  const { code, doc } = await runPlan({ urls: [`http://127.0.0.1:${port}/t/acme/mcp`], token: TOKEN, steps: [{ op: 'listTools' }] });
  assert.equal(code, 1);
  assert.equal(doc.ok, false);
  assert.match(doc.requests[0].error, /ECONNREFUSED/, JSON.stringify(doc.requests));
});

test('a frontend that never answers hits the overall timeout', async () => {
  const started = Date.now();
  const url = `http://127.0.0.1:${silent.address().port}/t/acme/mcp`;
  const { code, doc } = await runPlan({ urls: [url], token: TOKEN, timeoutMs: 1500, steps: [{ op: 'listTools' }] });
  assert.equal(code, 1);
  assert.match(doc.error, /timed out/);
  assert.ok(Date.now() - started < 15_000);
});
