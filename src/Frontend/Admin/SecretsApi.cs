using McpPlatform.Contracts.Registry;
using McpPlatform.Contracts.Tenants;
using McpPlatform.Frontend.Auth;

namespace McpPlatform.Frontend.Admin;

/// <summary>The operator's side of a secrets-key rotation.</summary>
public static class SecretsApi
{
    public static void MapSecretsApi(this RouteGroupBuilder admin) =>
        admin.MapPost("/secrets/reseal", ResealAsync).RequireAuthorization(AuthorizationPolicies.Operator)
            .WithSummary("Seal every tenant's upstream secrets with the current key (after a rotation, once every silo has the new key)");

    /// <remarks>
    /// A registry seals its secrets again with the current key when it activates; touching each one is enough, since
    /// once every silo runs with the new key, every activation is on a silo that has it.
    /// </remarks>
    private static async Task<IResult> ResealAsync(IClusterClient cluster)
    {
        var tenants = await cluster.GetGrain<ITenantDirectoryGrain>(ITenantDirectoryGrain.SingletonKey).ListAsync();
        foreach (var batch in tenants.Chunk(32))
        {
            await Task.WhenAll(batch.Select(id => cluster.GetGrain<IToolRegistryGrain>(id).ListApisAsync()));
        }

        return TypedResults.Ok(new ResealResponse(tenants.Count));
    }
}

public sealed record ResealResponse(int Tenants);
