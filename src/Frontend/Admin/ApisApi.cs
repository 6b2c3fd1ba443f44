using System.Text.Json;
using McpPlatform.Contracts.Registry;
using McpPlatform.Contracts.Tenants;

namespace McpPlatform.Frontend.Admin;

public static class ApisApi
{
    public static void MapApisApi(this RouteGroupBuilder tenant)
    {
        tenant.MapPut("/apis/{api}", PutAsync).WithSummary("Register or replace an API from its OpenAPI document")
            .Produces<ApiRegistrationResponse>(StatusCodes.Status201Created).Produces<ApiRegistrationResponse>();
        tenant.MapGet("/apis", ListAsync).WithSummary("List registered APIs");
        tenant.MapGet("/apis/{api}", GetAsync).WithSummary("Get a registered API");
        tenant.MapDelete("/apis/{api}", DeleteAsync).WithSummary("Remove an API and its tools");
        tenant.MapPost("/apis/{api}/refresh", RefreshAsync).WithSummary("Re-fetch the document URL and rebuild the tools");
    }

    private static async Task<IResult> PutAsync(string tenant, string api, JsonElement body, IClusterClient cluster)
    {
        if (!TenantIds.IsValid(api))
        {
            return AdminProblems.BadRequest($"The API id must match {TenantIds.Pattern}.");
        }

        if (!ApiRegistrationParser.TryParse(body, out var request, out var error))
        {
            return AdminProblems.BadRequest(error);
        }

        var outcome = await cluster.GetGrain<IToolRegistryGrain>(tenant).PutApiAsync(api, request);
        return ToResult(tenant, api, outcome);
    }

    private static async Task<IResult> RefreshAsync(string tenant, string api, IClusterClient cluster) =>
        ToResult(tenant, api, await cluster.GetGrain<IToolRegistryGrain>(tenant).RefreshApiAsync(api));

    private static async Task<IResult> ListAsync(string tenant, IClusterClient cluster) =>
        TypedResults.Ok((await cluster.GetGrain<IToolRegistryGrain>(tenant).ListApisAsync()).Select(ApiResponse.From).ToList());

    private static async Task<IResult> GetAsync(string tenant, string api, IClusterClient cluster) =>
        await cluster.GetGrain<IToolRegistryGrain>(tenant).GetApiAsync(api) is { } summary
            ? TypedResults.Ok(ApiResponse.From(summary))
            : ApiNotFound(tenant, api);

    private static async Task<IResult> DeleteAsync(string tenant, string api, IClusterClient cluster) =>
        await cluster.GetGrain<IToolRegistryGrain>(tenant).DeleteApiAsync(api) ? TypedResults.NoContent() : ApiNotFound(tenant, api);

    private static IResult ToResult(string tenant, string api, ApiRegistrationOutcome outcome)
    {
        switch (outcome.Status)
        {
            case RegistrationStatus.Created or RegistrationStatus.Updated:
                var summary = outcome.Api!;
                var response = new ApiRegistrationResponse(summary.Id, summary.Version, summary.BaseUrl, summary.Tools, outcome.Warnings);
                return outcome.Status == RegistrationStatus.Created
                    ? TypedResults.Created($"{AdminApi.Prefix}/tenants/{tenant}/apis/{api}", response)
                    : TypedResults.Ok(response);
            case RegistrationStatus.ToolNameConflict:
                return AdminProblems.Conflict(outcome.Error!, new Dictionary<string, object?> { ["conflictingTools"] = outcome.ConflictingTools });
            case RegistrationStatus.NotFound:
                return ApiNotFound(tenant, api);
            case RegistrationStatus.InvalidOptions:
                return AdminProblems.BadRequest(outcome.Error!);
            default:
                return AdminProblems.Unprocessable(outcome.Error ?? "The document could not be used.",
                    outcome.Errors.Count > 0 ? new Dictionary<string, object?> { ["errors"] = outcome.Errors } : null);
        }
    }

    private static IResult ApiNotFound(string tenant, string api) => AdminProblems.NotFound($"API '{api}' is not registered in tenant '{tenant}'.");
}
