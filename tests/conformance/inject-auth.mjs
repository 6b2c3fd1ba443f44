// Preloaded into the conformance suite's Node process (node --import ./inject-auth.mjs ...).
//
// The suite (@modelcontextprotocol/conformance 0.1.16) has no option to send an Authorization header to the server
// under test: its server scenarios connect with a bare StreamableHTTPClientTransport, plain fetch() and undici's
// request(). The platform requires a tenant key on /t/{tenant}/mcp, so this hook adds
// "Authorization: Bearer $CONFORMANCE_BEARER_TOKEN" to every request bound for $CONFORMANCE_TARGET_ORIGIN (and only
// there), unless the request already carries one. It installs an undici global dispatcher, which both undici's
// request() and Node's built-in fetch() use; the platform's authentication itself is unchanged.
import { Agent, setGlobalDispatcher } from 'undici';

const token = process.env.CONFORMANCE_BEARER_TOKEN;
const target = process.env.CONFORMANCE_TARGET_ORIGIN;
if (Boolean(token) !== Boolean(target)) {
  throw new Error('inject-auth.mjs needs both CONFORMANCE_BEARER_TOKEN and CONFORMANCE_TARGET_ORIGIN (or neither)');
}

function hasAuthorization(headers) {
  if (!headers) return false;
  if (Array.isArray(headers)) {
    // Either [[name, value], ...] or a flat [name, value, name, value, ...] list.
    if (headers.length > 0 && Array.isArray(headers[0])) return headers.some(([name]) => String(name).toLowerCase() === 'authorization');
    for (let i = 0; i < headers.length; i += 2) if (String(headers[i]).toLowerCase() === 'authorization') return true;
    return false;
  }
  if (typeof headers[Symbol.iterator] === 'function') {
    for (const [name] of headers) if (String(name).toLowerCase() === 'authorization') return true;
    return false;
  }
  return Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
}

function withAuthorization(headers) {
  const value = `Bearer ${token}`;
  if (!headers) return { authorization: value };
  if (Array.isArray(headers)) {
    return headers.length > 0 && Array.isArray(headers[0]) ? [...headers, ['authorization', value]] : [...headers, 'authorization', value];
  }
  if (typeof headers[Symbol.iterator] === 'function') return [...headers, ['authorization', value]];
  return { ...headers, authorization: value };
}

const addAuthorization = (dispatch) => (options, handler) => {
  const origin = typeof options.origin === 'string' ? options.origin : options.origin?.origin;
  if (origin && new URL(origin).origin === targetOrigin && !hasAuthorization(options.headers)) {
    return dispatch({ ...options, headers: withAuthorization(options.headers) }, handler);
  }
  return dispatch(options, handler);
};

// Without the variables (e.g. `npm run conformance -- list`) nothing is installed.
const targetOrigin = target ? new URL(target).origin : undefined;
if (targetOrigin) setGlobalDispatcher(new Agent().compose(addAuthorization));
