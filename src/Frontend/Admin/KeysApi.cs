using McpPlatform.Contracts.Tenants;

namespace McpPlatform.Frontend.Admin;

public static class KeysApi
{
    private const int MaxNameLength = 100;

    public static void MapKeysApi(this RouteGroupBuilder tenant)
    {
        tenant.MapPost("/keys", CreateAsync).WithSummary("Create a key (its secret is returned only here)")
            .Produces<CreatedKeyResponse>(StatusCodes.Status201Created);
        tenant.MapGet("/keys", ListAsync).WithSummary("List keys (without secrets)");
        tenant.MapDelete("/keys/{keyId}", RevokeAsync).WithSummary("Revoke a key (effective on every frontend within 1 s)");
    }

    private static async Task<IResult> CreateAsync(string tenant, CreateKeyRequest request, IClusterClient cluster)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > MaxNameLength)
        {
            return AdminProblems.BadRequest($"'name' is required, at most {MaxNameLength} characters.");
        }

        ApiKeyRole? role = request.Role switch
        {
            null or "agent" => ApiKeyRole.Agent,
            "admin" => ApiKeyRole.Admin,
            _ => null,
        };
        if (role is null)
        {
            return AdminProblems.BadRequest("'role' must be 'agent' (MCP only) or 'admin' (manage this tenant's APIs and keys).");
        }

        var created = await cluster.GetGrain<ITenantGrain>(tenant).CreateKeyAsync(request.Name.Trim(), role.Value);
        if (created is null)
        {
            return AdminProblems.TenantNotFound(tenant);
        }

        var info = created.Info;
        return TypedResults.Created($"{AdminApi.Prefix}/tenants/{tenant}/keys/{info.Id}",
            new CreatedKeyResponse(info.Id, info.Name, KeyResponse.RoleName(info.Role), info.CreatedAt, created.Key));
    }

    private static async Task<IResult> ListAsync(string tenant, IClusterClient cluster) =>
        await cluster.GetGrain<ITenantGrain>(tenant).ListKeysAsync() is { } keys
            ? TypedResults.Ok(keys.Select(KeyResponse.From).ToList())
            : AdminProblems.TenantNotFound(tenant);

    private static async Task<IResult> RevokeAsync(string tenant, string keyId, IClusterClient cluster) =>
        await cluster.GetGrain<ITenantGrain>(tenant).RevokeKeyAsync(keyId)
            ? TypedResults.NoContent()
            : AdminProblems.NotFound($"Key '{keyId}' does not exist in tenant '{tenant}'.");
}
