using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace McpPlatform.Bench.Load;

/// <summary>
/// The API every target calls, run as a process of its own (so its CPU is counted apart): GET /items answers a fixed
/// list of 20 items from a buffer, POST /items echoes the body. Nothing here should cost more than Kestrel itself.
/// </summary>
public static class ItemsUpstream
{
    public const string ReadPath = "/items";
    public const string ReadTool = "listItems";
    public const string WriteTool = "createItem";

    private static readonly byte[] Items = Encoding.UTF8.GetBytes("[" + string.Join(',', Enumerable.Range(1, 20).Select(i =>
        $$"""{"id":{{i}},"name":"item {{i}}","price":{{i * 1.5}},"inStock":{{(i % 3 != 0 ? "true" : "false")}}}""")) + "]");

    /// <summary>Runs the API until the process is stopped (the bench's <c>upstream URL</c> subcommand).</summary>
    public static async Task RunAsync(string url)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet(ReadPath, (HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = Items.Length;
            return context.Response.Body.WriteAsync(Items).AsTask();
        });
        app.MapPost(ReadPath, async (HttpContext context) =>
        {
            context.Response.StatusCode = StatusCodes.Status201Created;
            context.Response.ContentType = "application/json";
            await context.Request.Body.CopyToAsync(context.Response.Body);
        });
        app.MapGet("/health", () => "ok");
        await app.RunAsync();
    }

    /// <summary>The API's OpenAPI 3.0 document: one read and one write operation.</summary>
    public static string Document(string baseUrl) => """
        {"openapi":"3.0.3","info":{"title":"Items","version":"1"},"servers":[{"url":"BASE"}],
         "components":{"schemas":{"Item":{"type":"object","required":["name"],"properties":{
           "id":{"type":"integer"},"name":{"type":"string"},"price":{"type":"number"},"inStock":{"type":"boolean"}}}}},
         "paths":{"/items":{
           "get":{"operationId":"listItems","summary":"List the items","parameters":[{"name":"limit","in":"query","schema":{"type":"integer","minimum":1}}],
                  "responses":{"200":{"description":"The items","content":{"application/json":{"schema":{"type":"array","items":{"$ref":"#/components/schemas/Item"}}}}}}},
           "post":{"operationId":"createItem","summary":"Create an item","requestBody":{"required":true,"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Item"}}}},
                  "responses":{"201":{"description":"Created","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Item"}}}}}}}}}
        """.Replace("BASE", baseUrl, StringComparison.Ordinal);
}
