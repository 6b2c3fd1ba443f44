using McpPlatform.Contracts.Tenants;
using McpPlatform.Frontend.Auth;

namespace McpPlatform.Frontend.Admin;

public static class TenantsApi
{
    public static void MapTenantsApi(this RouteGroupBuilder admin)
    {
        admin.MapPost("/tenants", CreateAsync).RequireAuthorization(AuthorizationPolicies.Operator)
            .WithSummary("Create a tenant").Produces<TenantResponse>(StatusCodes.Status201Created);
        admin.MapGet("/tenants", ListAsync).RequireAuthorization(AuthorizationPolicies.Operator)
            .WithSummary("List tenants");
        admin.MapGet("/tenants/{tenant}", GetAsync).RequireAuthorization(AuthorizationPolicies.TenantAdmin)
            .WithSummary("Get a tenant");
        admin.MapDelete("/tenants/{tenant}", DeleteAsync).RequireAuthorization(AuthorizationPolicies.Operator)
            .WithSummary("Delete a tenant with its keys and APIs");
    }

    private static async Task<IResult> CreateAsync(CreateTenantRequest request, IClusterClient cluster)
    {
        if (!TenantIds.IsValid(request.Id))
        {
            return AdminProblems.BadRequest($"'id' must match {TenantIds.Pattern} (lower-case letters, digits, dashes; 2–63 characters).");
        }

        var displayName = string.IsNullOrWhiteSpace(request.DisplayName) ? request.Id! : request.DisplayName.Trim();
        if (displayName.Length > 200)
        {
            return AdminProblems.BadRequest("'displayName' may be at most 200 characters.");
        }

        var grain = cluster.GetGrain<ITenantGrain>(request.Id!);
        if (!await grain.CreateAsync(displayName))
        {
            return AdminProblems.Conflict($"Tenant '{request.Id}' already exists.");
        }

        var info = await grain.GetAsync();
        return TypedResults.Created($"{AdminApi.Prefix}/tenants/{request.Id}", TenantResponse.From(info!));
    }

    private static async Task<IResult> ListAsync(IClusterClient cluster)
    {
        var ids = await cluster.GetGrain<ITenantDirectoryGrain>(ITenantDirectoryGrain.SingletonKey).ListAsync();
        var tenants = await Task.WhenAll(ids.Select(id => cluster.GetGrain<ITenantGrain>(id).GetAsync()));
        return TypedResults.Ok(tenants.OfType<TenantInfo>().Select(TenantResponse.From).ToList());
    }

    private static async Task<IResult> GetAsync(string tenant, IClusterClient cluster) =>
        await cluster.GetGrain<ITenantGrain>(tenant).GetAsync() is { } info
            ? TypedResults.Ok(TenantResponse.From(info))
            : AdminProblems.TenantNotFound(tenant);

    private static async Task<IResult> DeleteAsync(string tenant, IClusterClient cluster) =>
        await cluster.GetGrain<ITenantGrain>(tenant).DeleteAsync()
            ? TypedResults.NoContent()
            : AdminProblems.TenantNotFound(tenant);
}
