namespace McpPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// An OpenAPI 3.0 document for <see cref="TestUpstream"/>'s <c>POST /items</c> whose body shares component schemas
/// (<c>NewItem</c> holds a <c>Size</c>), for the <c>schemaReferences</c> option.
/// </summary>
public static class SharedModelsDocument
{
    public static string Json(string serverUrl) => Template.Replace("__SERVER__", serverUrl, StringComparison.Ordinal);

    private const string Template = """
    {
      "openapi": "3.0.3",
      "info": { "title": "Shared models", "version": "1.0.0" },
      "servers": [ { "url": "__SERVER__" } ],
      "paths": {
        "/items": {
          "post": {
            "operationId": "createSizedItem",
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/NewItem" } } } },
            "responses": { "201": { "description": "created", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/NewItem" } } } } }
          }
        }
      },
      "components": {
        "schemas": {
          "NewItem": {
            "type": "object", "additionalProperties": false, "required": ["name"],
            "properties": { "name": { "type": "string" }, "size": { "$ref": "#/components/schemas/Size" } }
          },
          "Size": {
            "type": "object", "required": ["width"],
            "properties": { "width": { "type": "integer", "minimum": 1 }, "height": { "type": "integer", "minimum": 1 } }
          }
        }
      }
    }
    """;
}
