using System.Security.Claims;
using System.Text.Json;
using McpPlatform.Contracts.RateLimiting;
using McpPlatform.Contracts.Registry;
using McpPlatform.Contracts.Tenants;
using McpPlatform.Frontend.Auth;

namespace McpPlatform.Frontend.Admin;

public static class TenantsApi
{
    private const int MaxDisplayNameLength = 200;

    public static void MapTenantsApi(this RouteGroupBuilder admin)
    {
        admin.MapPost("/tenants", CreateAsync).RequireAuthorization(AuthorizationPolicies.Operator)
            .WithSummary("Create a tenant").Produces<TenantResponse>(StatusCodes.Status201Created);
        admin.MapGet("/tenants", ListAsync).RequireAuthorization(AuthorizationPolicies.Operator)
            .WithSummary("List tenants");
        admin.MapGet("/tenants/{tenant}", GetAsync).RequireAuthorization(AuthorizationPolicies.TenantAdmin)
            .AddEndpointFilter<AdminRateLimitFilter>()
            .WithSummary("Get a tenant");
        admin.MapMethods("/tenants/{tenant}", [HttpMethods.Patch], UpdateAsync).RequireAuthorization(AuthorizationPolicies.TenantAdmin)
            .AddEndpointFilter<AdminRateLimitFilter>()
            .WithSummary("Change a tenant's settings (display name, tool-name limit, rate limits, how agents sign in)");
        admin.MapDelete("/tenants/{tenant}", DeleteAsync).RequireAuthorization(AuthorizationPolicies.Operator)
            .WithSummary("Delete a tenant with its keys and APIs");
    }

    private static async Task<IResult> CreateAsync(CreateTenantRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        if (!TenantIds.IsValid(request.Id))
        {
            return AdminProblems.BadRequest($"'id' must match {TenantIds.Pattern} (lower-case letters, digits, dashes; 2–63 characters).");
        }

        var displayName = string.IsNullOrWhiteSpace(request.DisplayName) ? request.Id! : request.DisplayName.Trim();
        if (displayName.Length > MaxDisplayNameLength)
        {
            return AdminProblems.BadRequest($"'displayName' may be at most {MaxDisplayNameLength} characters.");
        }

        if (ValidateNameLimit(request.MaxToolNameLength) is { } invalid)
        {
            return invalid;
        }

        if (ReadLimits(request.Limits, user, out var limits) is { } refused)
        {
            return refused;
        }

        if (ReadAuth(request.Auth, out var auth) is { } invalidAuth)
        {
            return invalidAuth;
        }

        var grain = cluster.GetGrain<ITenantGrain>(request.Id!);
        if (!await grain.CreateAsync(new TenantSettings { DisplayName = displayName, MaxToolNameLength = request.MaxToolNameLength, RateLimits = limits, Auth = auth }))
        {
            return AdminProblems.Conflict($"Tenant '{request.Id}' already exists.");
        }

        var info = await grain.GetAsync();
        return TypedResults.Created($"{AdminApi.Prefix}/tenants/{request.Id}", await WithWarningsAsync(info!, cluster));
    }

    private static async Task<IResult> ListAsync(IClusterClient cluster)
    {
        var ids = await cluster.GetGrain<ITenantDirectoryGrain>(ITenantDirectoryGrain.SingletonKey).ListAsync();
        var tenants = await Task.WhenAll(ids.Select(id => cluster.GetGrain<ITenantGrain>(id).GetAsync()));
        return TypedResults.Ok(tenants.OfType<TenantInfo>().Select(info => TenantResponse.From(info)).ToList());
    }

    private static async Task<IResult> GetAsync(string tenant, IClusterClient cluster) =>
        await cluster.GetGrain<ITenantGrain>(tenant).GetAsync() is { } info
            ? TypedResults.Ok(await WithWarningsAsync(info, cluster))
            : AdminProblems.TenantNotFound(tenant);

    /// <summary>The tenant as shown, with warnings about access rules that cover nothing of its current tools.</summary>
    private static async Task<TenantResponse> WithWarningsAsync(TenantInfo info, IClusterClient cluster)
    {
        var tools = info.Auth?.OAuth is { Access.Count: > 0 } ? await cluster.GetGrain<IToolRegistryGrain>(info.Id).GetToolsAsync(-1) : null;
        return TenantResponse.From(info, AccessRuleWarnings.For(info.Auth, tools));
    }

    private static async Task<IResult> UpdateAsync(string tenant, UpdateTenantRequest request, ClaimsPrincipal user, IClusterClient cluster)
    {
        if (request.DisplayName is { } name && (string.IsNullOrWhiteSpace(name) || name.Length > MaxDisplayNameLength))
        {
            return AdminProblems.BadRequest($"'displayName' must be non-empty, at most {MaxDisplayNameLength} characters.");
        }

        if (ValidateNameLimit(request.MaxToolNameLength) is { } invalid)
        {
            return invalid;
        }

        if (ReadLimits(request.Limits, user, out var limits) is { } refused)
        {
            return refused;
        }

        if (ReadAuth(request.Auth, out var auth) is { } invalidAuth)
        {
            return invalidAuth;
        }

        var outcome = await cluster.GetGrain<ITenantGrain>(tenant).UpdateAsync(new TenantSettings
        {
            DisplayName = request.DisplayName?.Trim(),
            MaxToolNameLength = request.MaxToolNameLength,
            RateLimits = limits,
            Auth = auth,
        });
        return outcome.Status switch
        {
            TenantUpdateStatus.Updated => TypedResults.Ok(await WithWarningsAsync(outcome.Tenant!, cluster)),
            TenantUpdateStatus.ToolNameConflict => AdminProblems.Conflict(
                $"With maxToolNameLength {request.MaxToolNameLength} some tools of different APIs would share a name; nothing was changed. {outcome.Error}",
                new Dictionary<string, object?> { ["conflictingTools"] = outcome.ConflictingTools }),
            _ => AdminProblems.TenantNotFound(tenant),
        };
    }

    private static IResult? ValidateNameLimit(int? limit) =>
        limit is { } value && (value < TenantSettings.MinToolNameLength || value > TenantSettings.MaxToolNameLengthLimit)
            ? AdminProblems.BadRequest($"'maxToolNameLength' must be from {TenantSettings.MinToolNameLength} to {TenantSettings.MaxToolNameLengthLimit}.")
            : null;

    /// <summary>
    /// Rate limits protect the cluster and the tenant's APIs alike and are part of what the operator grants, so only
    /// the operator sets them; tenant admins see them in <c>GET</c>.
    /// </summary>
    private static IResult? ReadLimits(JsonElement? given, ClaimsPrincipal user, out TenantRateLimits? limits)
    {
        limits = null;
        if (given is not { ValueKind: not JsonValueKind.Null } body)
        {
            return null;
        }

        if (!user.IsOperator())
        {
            return AdminProblems.Forbidden("Only the operator may change a tenant's rate limits ('limits').");
        }

        if (!RateLimitsParser.TryParse(body, out var parsed, out var error))
        {
            return AdminProblems.BadRequest(error);
        }

        limits = parsed;
        return null;
    }

    /// <summary>
    /// Unlike rate limits, tenant admins set this themselves: it names their own identity provider and who of their
    /// people may use which tool, and grants nothing beyond the tenant.
    /// </summary>
    private static IResult? ReadAuth(JsonElement? given, out TenantAuthSettings? auth)
    {
        auth = null;
        if (given is not { ValueKind: not JsonValueKind.Null } body)
        {
            return null;
        }

        if (!TenantAuthParser.TryParse(body, out var parsed, out var error))
        {
            return AdminProblems.BadRequest(error);
        }

        auth = parsed;
        return null;
    }

    private static async Task<IResult> DeleteAsync(string tenant, IClusterClient cluster) =>
        await cluster.GetGrain<ITenantGrain>(tenant).DeleteAsync()
            ? TypedResults.NoContent()
            : AdminProblems.TenantNotFound(tenant);
}
