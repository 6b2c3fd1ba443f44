// Runs the Prism CLI (`prism mock …`, same arguments) inside a process that survives Prism's own crashes.
// Prism 5 throws uncaught exceptions on some valid requests (an absent optional array header, a label/matrix
// object path parameter, a delimited object query parameter, an empty multipart body …) and the whole server dies.
// Here the request being handled gets a 500 with `x-roundtrip-prism-crash: <message>` instead, and the server keeps
// serving, so the round-trip tests need not restart Prism. Informational (1xx) mock responses are sent with
// `Connection: close` so the client sees the end of the answer at once instead of waiting for the keep-alive timeout.
'use strict';
const http = require('http');

const pending = new Set();
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, request, response) {
  if (event === 'request' && response) {
    pending.add(response);
    response.on('close', () => pending.delete(response));
    const writeHead = response.writeHead;
    response.writeHead = function (status, ...rest) {
      if (status < 200) this.setHeader('Connection', 'close');
      return writeHead.call(this, status, ...rest);
    };
  }
  return emit.apply(this, arguments);
};

process.on('uncaughtException', (error) => {
  const message = String((error && error.message) || error).replace(/[\r\n]+/g, ' ').slice(0, 300);
  console.error(`[roundtrip] Prism crashed on a request: ${error && error.stack}`);
  for (const response of pending) {
    pending.delete(response);
    if (response.headersSent) { response.destroy(); continue; }
    response.writeHead(500, { 'content-type': 'text/plain', 'x-roundtrip-prism-crash': message, connection: 'close' });
    response.end(`Prism crashed: ${message}`);
  }
});

require('@stoplight/prism-cli/dist/index.js');
