using McpPlatform.Frontend.Mcp;

namespace McpPlatform.Frontend.Admin;

public static class ToolsApi
{
    public static void MapToolsApi(this RouteGroupBuilder tenant) =>
        tenant.MapGet("/tools", ListAsync).WithSummary("The tenant's tools as agents see them");

    private static async Task<IResult> ListAsync(string tenant, TenantToolCache tools)
    {
        var current = await tools.GetAsync(tenant);
        var apiOf = current.Registered.ToDictionary(t => t.Definition.Name, t => t.ApiId, StringComparer.Ordinal);
        return TypedResults.Ok(current.All.McpTools.Select(tool => new ToolResponse(
            tool.Name,
            tool.Title,
            tool.Description,
            tool.InputSchema,
            tool.OutputSchema,
            new ToolAnnotationsResponse(tool.Annotations?.Title, tool.Annotations?.ReadOnlyHint ?? false, tool.Annotations?.DestructiveHint ?? false,
                tool.Annotations?.IdempotentHint ?? false, tool.Annotations?.OpenWorldHint ?? true),
            apiOf[tool.Name])).ToList());
    }
}
