namespace McpPlatform.Platform.Tests.Infrastructure;

/// <summary>An OpenAPI document over <see cref="TestUpstream"/>'s endpoints for credentials, retries, redirects and timeouts.</summary>
public static class UpstreamCallsDocument
{
    public static string Json(string serverUrl) => Template.Replace("__SERVER__", serverUrl, StringComparison.Ordinal);

    private const string Template = """
    {
      "openapi": "3.0.3",
      "info": { "title": "Upstream calls", "version": "1.0.0" },
      "servers": [ { "url": "__SERVER__" } ],
      "paths": {
        "/items/{id}": {
          "get": {
            "operationId": "getItem",
            "parameters": [ { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } } ],
            "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": { "type": "object" } } } } }
          }
        },
        "/flaky/{key}": {
          "parameters": [
            { "name": "key", "in": "path", "required": true, "schema": { "type": "string" } },
            { "name": "failures", "in": "query", "schema": { "type": "integer" } },
            { "name": "status", "in": "query", "schema": { "type": "integer" } }
          ],
          "get": { "operationId": "readFlaky", "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": { "type": "object" } } } } } },
          "put": { "operationId": "replaceFlaky", "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": { "type": "object" } } } } } },
          "post": { "operationId": "createFlaky", "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": { "type": "object" } } } } } }
        },
        "/redirect/same": { "get": { "operationId": "redirectWithin", "responses": { "200": { "description": "ok" } } } },
        "/redirect/loop": { "get": { "operationId": "redirectForever", "responses": { "200": { "description": "ok" } } } },
        "/redirect/away": {
          "get": {
            "operationId": "redirectAway",
            "parameters": [ { "name": "to", "in": "query", "required": true, "schema": { "type": "string" } } ],
            "responses": { "200": { "description": "ok" } }
          }
        },
        "/slow": { "get": { "operationId": "waitLong", "responses": { "200": { "description": "eventually", "content": { "text/plain": { "schema": { "type": "string" } } } } } } }
      }
    }
    """;
}
