namespace McpPlatform.Platform.Tests.Infrastructure;

/// <summary>The OpenAPI 3.0 document of <see cref="TestUpstream"/>: one operation per placement of arguments.</summary>
public static class TestApiDocument
{
    public static string Json(string serverUrl, string titleSuffix = "") => Template
        .Replace("__SERVER__", serverUrl, StringComparison.Ordinal)
        .Replace("__TITLE__", "Test API" + titleSuffix, StringComparison.Ordinal);

    /// <summary>Tool names this document produces.</summary>
    public static readonly string[] ToolNames = ["getItem", "listItems", "createItem", "deleteItem", "getBroken", "getText"];

    private const string Template = """
    {
      "openapi": "3.0.3",
      "info": { "title": "__TITLE__", "version": "1.0.0" },
      "servers": [ { "url": "__SERVER__" } ],
      "paths": {
        "/items/{id}": {
          "get": {
            "operationId": "getItem",
            "summary": "Get an item",
            "tags": ["items"],
            "parameters": [
              { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } },
              { "name": "verbose", "in": "query", "schema": { "type": "boolean" } },
              { "name": "X-Trace", "in": "header", "schema": { "type": "string" } }
            ],
            "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": {
              "type": "object", "properties": { "id": { "type": "string" }, "verbose": { "type": "string" }, "trace": { "type": "string" } } } } } } }
          },
          "delete": {
            "operationId": "deleteItem",
            "summary": "Delete an item",
            "tags": ["items", "dangerous"],
            "parameters": [ { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } } ],
            "responses": { "204": { "description": "deleted" } }
          }
        },
        "/items": {
          "get": {
            "operationId": "listItems",
            "summary": "List items",
            "tags": ["items"],
            "parameters": [ { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 50 } } ],
            "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": {
              "type": "array", "items": { "type": "object", "properties": { "id": { "type": "string" }, "name": { "type": "string" } } } } } } } }
          },
          "post": {
            "operationId": "createItem",
            "summary": "Create an item",
            "tags": ["items"],
            "requestBody": { "required": true, "content": { "application/json": { "schema": {
              "type": "object", "required": ["name"],
              "properties": { "name": { "type": "string", "minLength": 1 }, "qty": { "type": "integer", "minimum": 0 } } } } } },
            "responses": { "201": { "description": "created", "content": { "application/json": { "schema": {
              "type": "object", "properties": { "id": { "type": "string" }, "name": { "type": "string" }, "qty": { "type": "integer" } } } } } } }
          }
        },
        "/broken": {
          "get": { "operationId": "getBroken", "summary": "Always fails", "tags": ["diagnostics"], "responses": { "200": { "description": "never" } } }
        },
        "/text": {
          "get": { "operationId": "getText", "summary": "Plain text", "tags": ["diagnostics"],
            "responses": { "200": { "description": "text", "content": { "text/plain": { "schema": { "type": "string" } } } } } }
        }
      }
    }
    """;
}
