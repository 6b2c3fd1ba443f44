#!/usr/bin/env node
// One MCP client session whose HTTP requests are spread round-robin over several frontends.
//
//   node mcp-session.mjs plan.json
//
// plan.json:
//   {
//     "urls":  ["http://127.0.0.1:P1/t/acme/mcp", "http://127.0.0.1:P2/t/acme/mcp"],
//     "token": "secret",                       // optional; sent as "Authorization: Bearer <token>"
//     "timeoutMs": 30000,                      // optional; whole run, default 30000
//     "protocolVersion": "2025-03-26",         // optional; the revision the client asks for in initialize
//                                              //   (default: the SDK's LATEST_PROTOCOL_VERSION)
//     "transport": "sse",                      // optional; "streamable-http" (default) or "sse": the legacy
//                                              //   2024-11-05 HTTP+SSE transport (SSEClientTransport); then the
//                                              //   urls are SSE URLs (…/t/acme/sse), the stream is opened at urls[0]
//                                              //   and the POSTs go round-robin to the other urls' hosts (all to
//                                              //   urls[0]'s if it is the only one), path and query kept
//     "steps": [
//       {"op": "listTools"},                                   // optional "cursor"
//       {"op": "callTool", "name": "listContacts", "arguments": {}},
//       {"op": "callToolExpectError", "name": "nope", "arguments": {}},
//       {"op": "ping"}
//     ]
//   }
//
// Prints exactly one JSON document on stdout:
//   {"ok":true,"serverInfo":…,"protocolVersion":…,"sessionId":…,"results":[…],"requests":[{"url","method","status","rpc","protocolVersion"},…]}
//   {"ok":false,"error":"…","code":<JSON-RPC code or null>,"httpStatus":<if an HTTP error>,"results":[…so far],"requests":[…]}  (exit 1)
//
// "protocolVersion" is the revision the server answered in its initialize result (the SDK then sends it as the
// MCP-Protocol-Version header); requests[i].protocolVersion is that header as request i carried it (absent if not sent).
// A server that assigns a session (Mcp-Session-Id) gets a DELETE at the end; it shows in "requests" too.
// With "transport":"sse", "sessionId" is the sessionId of the message URL the server's endpoint event gave, and
// "messageEndpoint" that URL; the session ends when the client closes the stream (no DELETE).
// results[i] is what the SDK returned for steps[i] (tools/list or tools/call result); for callToolExpectError it is
// {"error":{"code":…,"message":…,"data":…}}. A tool result with isError:true is a result, not a JSON-RPC error.
import { readFile } from 'node:fs/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { describe, failure, runSteps } from './mcp-steps.mjs';

const results = [];
const requests = [];
/** Requests whose response has not arrived yet (a legacy SSE POST's 202 may trail the answer on the stream). */
const inFlight = new Set();
let finished = false;

function finish(doc, exitCode) {
  if (finished) return;
  finished = true;
  process.stdout.write(JSON.stringify(doc) + '\n', () => process.exit(exitCode));
}

function fail(err) {
  const doc = failure(err);
  doc.results = results;
  doc.requests = requests;
  finish(doc, 1);
}

/** JSON-RPC method name(s) in a request body, for the request log. */
function rpcMethods(body) {
  if (typeof body !== 'string') return undefined;
  try {
    const msg = JSON.parse(body);
    const list = (Array.isArray(msg) ? msg : [msg]).map(m => m?.method ?? (m?.id !== undefined ? 'response' : undefined));
    return list.length === 1 ? list[0] : list;
  } catch {
    return undefined;
  }
}

/** A fetch that sends each transport request to the next URL of the list (round-robin) and logs it. */
function roundRobinFetch(urls) {
  const endpoint = new URL(urls[0]).href;
  let next = 0;
  return async (input, init) => {
    const requested = new URL(input instanceof Request ? input.url : String(input)).href;
    // Only the MCP endpoint is rotated; anything else (there is nothing else without OAuth) goes where it was sent.
    const target = requested === endpoint ? urls[next++ % urls.length] : requested;
    return loggedFetch(target, init);
  };
}

/**
 * For the legacy SSE transport: the stream (GET) goes where it was sent (urls[0]); each POST to the message URL
 * goes to the next host of the other URLs (round-robin), with its path and query, and everything is logged.
 */
function sseFetch(urls) {
  const origins = (urls.length > 1 ? urls.slice(1) : urls).map(u => new URL(u).origin);
  let next = 0;
  return async (input, init) => {
    const requested = new URL(input instanceof Request ? input.url : String(input));
    const isPost = (init?.method ?? 'GET').toUpperCase() === 'POST';
    const target = isPost ? origins[next++ % origins.length] + requested.pathname + requested.search : requested.href;
    return loggedFetch(target, init);
  };
}

/** fetch, with an entry in the request log. */
async function loggedFetch(target, init) {
  const entry = { url: target, method: (init?.method ?? 'GET').toUpperCase(), status: null };
  const rpc = rpcMethods(init?.body);
  if (rpc !== undefined) entry.rpc = rpc;
  const versionHeader = new Headers(init?.headers).get('mcp-protocol-version');
  if (versionHeader !== null) entry.protocolVersion = versionHeader;
  requests.push(entry);
  const sent = fetch(target, init);
  inFlight.add(sent);
  try {
    const response = await sent;
    entry.status = response.status;
    return response;
  } catch (err) {
    if (err?.name !== 'AbortError') entry.error = describe(err);
    throw err;
  } finally {
    inFlight.delete(sent);
  }
}

/** Waits (at most a few seconds) for responses still on their way, so closing the client does not abort them. */
async function settleInFlight() {
  const pending = [...inFlight].filter(request => request !== undefined);
  if (pending.length === 0) return;
  await Promise.race([Promise.allSettled(pending), new Promise(resolve => setTimeout(resolve, 5000))]);
}

async function main() {
  const planPath = process.argv[2];
  if (!planPath) throw new Error('usage: node mcp-session.mjs <plan.json>');
  const plan = JSON.parse(await readFile(planPath, 'utf8'));
  if (!Array.isArray(plan.urls) || plan.urls.length === 0) throw new Error('plan.urls must be a non-empty array');
  if (!Array.isArray(plan.steps)) throw new Error('plan.steps must be an array');

  const timeoutMs = Number.isFinite(plan.timeoutMs) ? plan.timeoutMs : 30_000;
  setTimeout(() => fail(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs).unref();

  const headers = plan.token ? { Authorization: `Bearer ${plan.token}` } : {};
  const legacySse = plan.transport === 'sse';
  if (!legacySse && plan.transport !== undefined && plan.transport !== 'streamable-http') {
    throw new Error(`plan.transport must be "streamable-http" or "sse", not ${JSON.stringify(plan.transport)}`);
  }
  const transport = legacySse
    ? new SSEClientTransport(new URL(plan.urls[0]), { requestInit: { headers }, fetch: sseFetch(plan.urls) })
    : new StreamableHTTPClientTransport(new URL(plan.urls[0]), { requestInit: { headers }, fetch: roundRobinFetch(plan.urls) });
  // The revision the server answered in initialize, as the Client hands it to the transport.
  let negotiatedVersion = null;
  const setProtocolVersion = transport.setProtocolVersion.bind(transport);
  transport.setProtocolVersion = version => {
    negotiatedVersion = version;
    setProtocolVersion(version);
  };
  if (plan.protocolVersion !== undefined) {
    if (typeof plan.protocolVersion !== 'string' || plan.protocolVersion === '') throw new Error('plan.protocolVersion must be a non-empty string');
    // The SDK's Client always asks for LATEST_PROTOCOL_VERSION in initialize and has no option for another revision;
    // rewrite the outgoing initialize request instead. The rest (accepting the server's answer if the SDK supports it,
    // MCP-Protocol-Version on every later request) is the SDK's own behaviour.
    const send = transport.send.bind(transport);
    transport.send = (message, options) =>
      send(message?.method === 'initialize' ? { ...message, params: { ...message.params, protocolVersion: plan.protocolVersion } } : message, options);
  }
  let closing = false; // closing aborts the standalone SSE stream (GET); that abort is not worth a line on stderr
  transport.onerror = err => {
    if (!closing) process.stderr.write(`transport: ${describe(err)}\n`);
  };

  const client = new Client({ name: 'mcpplatform-test-client', version: '1.0.0' });
  const requestOptions = { timeout: timeoutMs };
  await client.connect(transport, requestOptions);

  await runSteps(client, plan.steps, requestOptions, results);

  await settleInFlight();
  const messageEndpoint = legacySse ? transport._endpoint ?? null : undefined; // the SDK keeps it private
  const doc = {
    ok: true,
    serverInfo: client.getServerVersion() ?? null,
    protocolVersion: negotiatedVersion ?? transport.protocolVersion ?? null,
    sessionId: legacySse ? messageEndpoint?.searchParams.get('sessionId') ?? null : transport.sessionId ?? null,
    results,
    requests,
  };
  if (legacySse) doc.messageEndpoint = messageEndpoint?.href ?? null;
  closing = true;
  // End the server-side session, if the server made one (DELETE; a 405 answer is fine). A legacy SSE session ends
  // with its stream, which client.close() closes.
  if (!legacySse && transport.sessionId) await transport.terminateSession().catch(err => process.stderr.write(`terminateSession: ${err?.message ?? err}\n`));
  await client.close().catch(() => {});
  finish(doc, 0);
}

main().catch(fail);
