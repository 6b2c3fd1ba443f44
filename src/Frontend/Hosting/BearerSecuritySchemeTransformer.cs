using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace McpPlatform.Frontend.Hosting;

/// <summary>Tells readers of the admin API's OpenAPI document how to authenticate: a Bearer key on every operation.</summary>
public sealed class BearerSecuritySchemeTransformer : IOpenApiDocumentTransformer
{
    private const string SchemeId = "bearerKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "McpPlatform admin API";
        document.Info.Description = "Operators manage tenants; tenant admin keys manage their tenant's keys and APIs. Authenticate with 'Authorization: Bearer <key>'.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeId] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An operator key, or a tenant key (mcpk.<tenant>.<id>.<secret>).",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeId, document)] = [] });
        return Task.CompletedTask;
    }
}
