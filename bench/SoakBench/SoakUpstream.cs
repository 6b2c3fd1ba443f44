using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace McpPlatform.Bench.Soak;

/// <summary>
/// The tenants' API, a process of its own that keeps nothing (so only the platform's memory can grow): a fixed list,
/// one item, a write that echoes its body, and any number of extra read operations, so tool lists can change.
/// </summary>
public static class SoakUpstream
{
    private static readonly byte[] Items = Encoding.UTF8.GetBytes("[" + string.Join(',', Enumerable.Range(1, 10).Select(i =>
        $$"""{"id":{{i}},"name":"item {{i}}","price":{{i * 2.5}}}""")) + "]");

    public static async Task RunAsync(string url)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/items", (HttpContext context) => Json(context, Items));
        app.MapGet("/items/{id}", (HttpContext context, int id) => Json(context, Encoding.UTF8.GetBytes($$"""{"id":{{id}},"name":"item {{id}}","price":1.5}""")));
        app.MapPost("/items", async (HttpContext context) =>
        {
            context.Response.StatusCode = StatusCodes.Status201Created;
            context.Response.ContentType = "application/json";
            await context.Request.Body.CopyToAsync(context.Response.Body);
        });
        app.MapGet("/extra/{n}", (HttpContext context, int n) => Json(context, Encoding.UTF8.GetBytes($$"""{"extra":{{n}}}""")));
        app.MapGet("/health", () => "ok");
        await app.RunAsync();
    }

    /// <summary>The API's document with <paramref name="extras"/> extra operations (<c>extra0</c>, <c>extra1</c>, …).</summary>
    public static string Document(string baseUrl, int extras)
    {
        var paths = new StringBuilder("""
            "/items":{
              "get":{"operationId":"listItems","summary":"List the items","parameters":[{"name":"limit","in":"query","schema":{"type":"integer","minimum":1}}],
                     "responses":{"200":{"description":"The items","content":{"application/json":{"schema":{"type":"array","items":{"$ref":"#/components/schemas/Item"}}}}}}},
              "post":{"operationId":"createItem","summary":"Create an item","requestBody":{"required":true,"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Item"}}}},
                      "responses":{"201":{"description":"Created","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Item"}}}}}}},
            "/items/{id}":{"get":{"operationId":"getItem","summary":"One item","parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"integer"}}],
                     "responses":{"200":{"description":"The item","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Item"}}}}}}}
            """);
        for (var n = 0; n < extras; n++)
        {
            paths.Append("""
                ,"/extra/#N#":{"get":{"operationId":"extra#N#","summary":"Extra read #N#","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object"}}}}}}}
                """.Replace("#N#", n.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        return """
            {"openapi":"3.0.3","info":{"title":"Soak items","version":"1"},"servers":[{"url":"BASE"}],
             "components":{"schemas":{"Item":{"type":"object","required":["name"],"properties":{"id":{"type":"integer"},"name":{"type":"string"},"price":{"type":"number"}}}}},
             "paths":{PATHS}}
            """.Replace("BASE", baseUrl, StringComparison.Ordinal).Replace("PATHS", paths.ToString(), StringComparison.Ordinal);
    }

    private static Task Json(HttpContext context, byte[] body)
    {
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body).AsTask();
    }
}
