using McpPlatform.Contracts.Registry;
using McpPlatform.Grains.Dispatch;
using McpPlatform.Grains.Dispatch.Network;
using McpPlatform.OpenApi;
using Microsoft.Extensions.Options;

namespace McpPlatform.Grains.Registry;

/// <summary>Turns an API's document and options into its stored form: tools, base URL, warnings.</summary>
public sealed class ApiBuilder(IOptions<UpstreamOptions> upstreamOptions, UpstreamAddressGuard guard, TimeProvider clock)
{
    /// <summary>
    /// Builds off the grain scheduler (conversion is CPU work on up to megabytes of text), then refuses a new or changed
    /// base URL or token endpoint the platform may not call. Unchanged ones are not judged again here: every connection
    /// is checked anyway.
    /// </summary>
    public async Task<BuildResult> BuildCheckedAsync(ApiSource source, StoredApi? existing, int? maxToolNameLength)
    {
        var result = await Task.Run(() => Build(source, existing, maxToolNameLength));
        if (result.Api is not { } api)
        {
            return result;
        }

        var tokenUrl = api.Options.Auth?.TokenUrl;
        (string Field, string? Url)[] urls =
        [
            ("baseUrl", api.BaseUrl != existing?.BaseUrl ? api.BaseUrl : null),
            ("auth.tokenUrl", tokenUrl != existing?.Options.Auth?.TokenUrl ? tokenUrl : null),
        ];
        foreach (var (field, url) in urls)
        {
            if (url is not null && await guard.CheckAsync(new Uri(url), CancellationToken.None) is { } refusal)
            {
                return new BuildResult(null, new() { Status = RegistrationStatus.UpstreamRefused, Error = $"{field} {url}: {refusal}." });
            }
        }

        return result;
    }

    public BuildResult Build(ApiSource source, StoredApi? existing, int? maxToolNameLength)
    {
        var maxBytes = upstreamOptions.Value.MaxDocumentBytes;
        if (source.DocumentText.Length > maxBytes)
        {
            return BuildResult.Invalid($"The document is larger than {maxBytes} bytes.");
        }

        ConversionResult converted;
        try
        {
            converted = OpenApiConverter.Convert(source.DocumentText, ToConversionOptions(source.Options, maxToolNameLength));
        }
        catch (OpenApiDocumentException e)
        {
            return new BuildResult(null, new() { Status = RegistrationStatus.InvalidDocument, Error = e.Message, Errors = e.Errors });
        }

        var baseUrl = ResolveBaseUrl(source.RequestedBaseUrl, converted.ServerUrl, source.OpenApiUrl);
        if (baseUrl is null)
        {
            return BuildResult.Invalid(source.RequestedBaseUrl is not null
                ? $"baseUrl '{source.RequestedBaseUrl}' is not an absolute http(s) URL."
                : "The document names no absolute server URL; give 'baseUrl'.");
        }

        var now = clock.GetUtcNow();
        return new BuildResult(new StoredApi
        {
            Id = source.Id,
            OpenApiUrl = source.OpenApiUrl,
            DocumentText = source.DocumentText,
            RequestedBaseUrl = source.RequestedBaseUrl,
            BaseUrl = baseUrl,
            Title = converted.Title,
            Options = source.Options,
            Version = (existing?.Version ?? 0) + 1,
            Tools = converted.Tools.ToList(),
            Warnings = converted.Warnings.ToList(),
            CreatedAt = existing?.CreatedAt ?? now,
            UpdatedAt = now,
        }, null);
    }

    private static ConversionOptions ToConversionOptions(ApiOptions options, int? maxToolNameLength) => new()
    {
        IncludeOperations = options.IncludeOperations,
        ExcludeOperations = options.ExcludeOperations,
        IncludeTags = options.IncludeTags,
        ExcludeTags = options.ExcludeTags,
        IncludeMethods = options.IncludeMethods,
        ExcludeMethods = options.ExcludeMethods,
        ReadOnly = options.ReadOnly,
        IncludeDeprecated = options.IncludeDeprecated,
        ToolPrefix = options.ToolPrefix,
        MaxDescriptionLength = options.DescriptionMaxLength,
        MaxToolNameLength = maxToolNameLength,
        SchemaReferences = options.SchemaReferences switch
        {
            SchemaReferenceMode.Definitions => SchemaReferences.Definitions,
            _ => SchemaReferences.Inline,
        },
    };

    private static string? ResolveBaseUrl(string? requested, string? serverUrl, string? documentUrl)
    {
        var candidate = requested ?? serverUrl;
        if (candidate is null)
        {
            return null;
        }

        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var absolute))
        {
            // A relative server URL ("/api") is relative to where the document was fetched from.
            if (requested is not null || documentUrl is null || !Uri.TryCreate(new Uri(documentUrl), candidate, out absolute))
            {
                return null;
            }
        }

        return HttpUrls.IsHttp(absolute) ? absolute.ToString().TrimEnd('/') : null;
    }
}

public sealed record BuildResult(StoredApi? Api, ApiRegistrationOutcome? Failure)
{
    public static BuildResult Invalid(string error) => new(null, new() { Status = RegistrationStatus.InvalidDocument, Error = error });
}
