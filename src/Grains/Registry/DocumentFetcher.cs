using McpPlatform.Contracts.Registry;
using System.Text;
using McpPlatform.Grains.Dispatch;
using McpPlatform.Grains.Dispatch.Network;
using Microsoft.Extensions.Options;

namespace McpPlatform.Grains.Registry;

/// <summary>Fetches an OpenAPI document by URL, bounded in time and size.</summary>
public sealed class DocumentFetcher(IHttpClientFactory httpClients, IOptions<UpstreamOptions> options)
{
    public async Task<FetchedDocument> FetchAsync(string url, CancellationToken cancellationToken = default)
    {
        if (!HttpUrls.TryParse(url, out var uri))
        {
            return FetchedDocument.Failed($"openApiUrl '{url}' is not an absolute http(s) URL.");
        }

        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.DocumentFetchTimeoutSeconds));
        try
        {
            using var response = await httpClients.CreateClient(HttpClientNames.Documents)
                .GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return FetchedDocument.Failed($"Fetching {uri} answered HTTP {(int)response.StatusCode}.");
            }

            var body = await BoundedBody.ReadAsync(response.Content, settings.MaxDocumentBytes, timeout.Token);
            return body is null
                ? FetchedDocument.Failed($"The document at {uri} is larger than {settings.MaxDocumentBytes} bytes.")
                : new FetchedDocument(Encoding.UTF8.GetString(body), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return FetchedDocument.Failed($"Fetching {uri} took longer than {settings.DocumentFetchTimeoutSeconds} s.");
        }
        catch (HttpRequestException e) when (UpstreamAddressRefusedException.Find(e) is { } refused)
        {
            return FetchedDocument.Failed($"The platform will not fetch {uri}: {refused.Message}.");
        }
        catch (HttpRequestException e)
        {
            return FetchedDocument.Failed($"Fetching {uri} failed: {e.Message}");
        }
    }
}

public sealed record FetchedDocument(string? Text, string? Error)
{
    public static FetchedDocument Failed(string error) => new(null, error);
}
