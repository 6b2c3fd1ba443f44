#!/usr/bin/env node
// The "browser" mcp-remote opens for the authorize URL (via $BROWSER, which the `open` package's bundled xdg-open
// honours): follows the redirects headlessly (headless-browser.mjs) to mcp-remote's own callback and delivers the
// code there, as a browser tab would. Set by mcp-remote-session.mjs:
//   BROWSER="<node> <this file>"
//   MCP_FAKE_BROWSER_CALLBACK  mcp-remote's redirect URI (http://127.0.0.1:<callbackPort>/oauth/callback)
//   MCP_FAKE_BROWSER_LOG       a file that gets one JSON line per visit: {"url","trail":[…],"error"?}
// mcp-remote runs it with stdio ignored, hence the log file. Exit 0 when the callback answered 2xx.
import { appendFileSync } from 'node:fs';
import { followAuthorization } from './headless-browser.mjs';

const url = process.argv[2];
const trail = [];
const record = extra => {
  if (process.env.MCP_FAKE_BROWSER_LOG) appendFileSync(process.env.MCP_FAKE_BROWSER_LOG, JSON.stringify({ url, trail, ...extra }) + '\n');
};
try {
  const callback = process.env.MCP_FAKE_BROWSER_CALLBACK;
  if (!url || !callback) throw new Error('usage: MCP_FAKE_BROWSER_CALLBACK=<redirect uri> node fake-browser.mjs <url>');
  await followAuthorization(url, { redirectUri: callback, deliver: true, trail });
  const last = trail.at(-1);
  if (!(last.status >= 200 && last.status < 300)) throw new Error(`the callback answered HTTP ${last.status}`);
  record({});
} catch (err) {
  record({ error: err?.message ?? String(err) });
  process.exit(1);
}
