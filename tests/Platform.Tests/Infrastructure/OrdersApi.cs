using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace McpPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// Orders on <see cref="TestUpstream"/>, for idempotency and rate limits: every order that arrives gets the next
/// number, so a result tells how often the call reached the API. A body may ask for a delay (<c>delayMs</c>) or a
/// failure (<c>failWith</c>: an HTTP status). The answer echoes the <c>Idempotency-Key</c> the API received.
/// </summary>
public static class OrdersApi
{
    public static readonly string[] ToolNames = ["createOrder", "cancelOrder", "listOrders"];

    public static void MapOrders(this IEndpointRouteBuilder app, Func<int> nextNumber)
    {
        app.MapPost("/orders", async (HttpRequest request) =>
        {
            var body = await JsonNode.ParseAsync(request.Body);
            var number = nextNumber();
            if (body?["delayMs"]?.GetValue<int>() is { } delay)
            {
                await Task.Delay(delay);
            }

            if (body?["failWith"]?.GetValue<int>() is { } status)
            {
                return Results.Problem(detail: $"failing with {status} as asked", statusCode: status);
            }

            return Results.Json(new
            {
                order = number,
                item = body?["item"]?.GetValue<string>(),
                idempotencyKey = request.Headers["Idempotency-Key"].ToString(),
            }, statusCode: StatusCodes.Status201Created);
        });
        app.MapDelete("/orders/{order}", (int order) => Results.Json(new { cancelled = order }));
        app.MapGet("/orders", () => Results.Json(new { open = 0 }));
    }

    public static string Document(string serverUrl) => Template.Replace("__SERVER__", serverUrl, StringComparison.Ordinal);

    private const string Template = """
    {
      "openapi": "3.0.3",
      "info": { "title": "Orders", "version": "1.0.0" },
      "servers": [ { "url": "__SERVER__" } ],
      "paths": {
        "/orders": {
          "post": {
            "operationId": "createOrder",
            "requestBody": { "required": true, "content": { "application/json": { "schema": {
              "type": "object", "required": ["item"],
              "properties": {
                "item": { "type": "string" }, "qty": { "type": "integer" },
                "delayMs": { "type": "integer" }, "failWith": { "type": "integer" } } } } } },
            "responses": { "201": { "description": "created", "content": { "application/json": { "schema": {
              "type": "object", "properties": { "order": { "type": "integer" }, "item": { "type": "string" }, "idempotencyKey": { "type": "string" } } } } } } }
          },
          "get": {
            "operationId": "listOrders",
            "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": {
              "type": "object", "properties": { "open": { "type": "integer" } } } } } } }
          }
        },
        "/orders/{order}": {
          "delete": {
            "operationId": "cancelOrder",
            "parameters": [ { "name": "order", "in": "path", "required": true, "schema": { "type": "integer" } } ],
            "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": {
              "type": "object", "properties": { "cancelled": { "type": "integer" } } } } } } }
          }
        }
      }
    }
    """;
}
