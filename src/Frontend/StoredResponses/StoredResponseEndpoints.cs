using McpPlatform.Contracts.Results;
using McpPlatform.Frontend.Auth;

namespace McpPlatform.Frontend.StoredResponses;

/// <summary>Downloads of stored responses through their signed links (no key needed: the signature is the permission).</summary>
public static class StoredResponseEndpoints
{
    public static IServiceCollection AddStoredResponseLinks(this IServiceCollection services) =>
        services.AddSingleton<StoredResponseLinks>();

    public static IEndpointConventionBuilder MapStoredResponseDownloads(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(StoredResponseLinks.RoutePattern, DownloadAsync).AllowAnonymous().ExcludeFromDescription();

    private static async Task<IResult> DownloadAsync(string tenant, string id, HttpContext context, StoredResponseLinks links, IClusterClient cluster)
    {
        if (!await links.VerifyAsync(tenant, id, context.Request.Query))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Invalid or expired link",
                detail: "This download link is not valid (any more). Call the tool again for a fresh one, or read the result with resources/read.");
        }

        var stored = await cluster.GetGrain<IStoredResponseGrain>(id).ReadAsync(tenant);
        if (stored is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Result not found",
                detail: "The stored result has expired or does not exist. Call the tool again.");
        }

        context.Response.Headers.CacheControl = "private, no-store";
        return Results.Bytes(stored.Body, stored.MediaType, fileDownloadName: null);
    }
}
