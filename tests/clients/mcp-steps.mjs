// What the client scripts share: the plan's steps run against an SDK Client, and how errors are told.
// Used by mcp-session.mjs, mcp-oauth-session.mjs and mcp-remote-session.mjs, so one plan means the same to each.
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/** The server's message of a JSON-RPC error: the SDK's McpError prefixes "MCP error <code>: ". */
export function rpcMessage(err) {
  const prefix = `MCP error ${err.code}: `;
  return err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
}

/** An error's message, with the cause fetch hides behind "fetch failed" (e.g. ECONNREFUSED). */
export function describe(err) {
  if (!(err instanceof Error)) return String(err);
  if (err instanceof McpError) return rpcMessage(err);
  const cause = err.cause instanceof Error ? err.cause.code ?? err.cause.message : undefined;
  return cause && !err.message.includes(cause) ? `${err.message} (${cause})` : err.message;
}

/**
 * The start of the output document of a failed run: {"ok":false,"error","code"} plus "data" for a JSON-RPC error
 * that carried some, and "httpStatus" when the transport got an HTTP error.
 */
export function failure(err) {
  const doc = { ok: false, error: describe(err), code: null };
  if (err instanceof McpError) {
    doc.code = err.code;
    if (err.data !== undefined) doc.data = err.data;
  } else if (err instanceof StreamableHTTPError) {
    doc.httpStatus = err.code ?? null;
  }
  return doc;
}

/**
 * Runs the plan's steps in order, pushing each result onto `results` as it arrives (so a failure still reports
 * the results so far):
 *   {"op":"listTools"} (optional "cursor"), {"op":"callTool","name","arguments"},
 *   {"op":"callToolExpectError","name","arguments"} (result {"error":{code,message,data}}; a success fails the run),
 *   {"op":"ping"}
 */
export async function runSteps(client, steps, requestOptions, results) {
  if (!Array.isArray(steps)) throw new Error('plan.steps must be an array');
  for (const [i, step] of steps.entries()) {
    switch (step.op) {
      case 'listTools':
        results.push(await client.listTools(step.cursor ? { cursor: step.cursor } : undefined, requestOptions));
        break;
      case 'callTool':
        results.push(await client.callTool({ name: step.name, arguments: step.arguments ?? {} }, undefined, requestOptions));
        break;
      case 'callToolExpectError': {
        let result;
        try {
          result = await client.callTool({ name: step.name, arguments: step.arguments ?? {} }, undefined, requestOptions);
        } catch (err) {
          if (!(err instanceof McpError)) throw err;
          const error = { code: err.code, message: rpcMessage(err) };
          if (err.data !== undefined) error.data = err.data;
          results.push({ error });
          break;
        }
        throw new Error(`step ${i} (callToolExpectError ${step.name}): expected a JSON-RPC error, got a result: ${JSON.stringify(result)}`);
      }
      case 'ping':
        results.push(await client.ping(requestOptions));
        break;
      default:
        throw new Error(`step ${i}: unknown op '${step.op}'`);
    }
  }
}
