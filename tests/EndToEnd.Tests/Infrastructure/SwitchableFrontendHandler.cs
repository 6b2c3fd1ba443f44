namespace McpPlatform.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Sends every request to whichever frontend is current, like a load balancer that stops routing to a dead pod:
/// the MCP client keeps its session id and URL path, only the host changes.
/// </summary>
public sealed class SwitchableFrontendHandler(string initialFrontend) : DelegatingHandler(new SocketsHttpHandler())
{
    private volatile string current = initialFrontend;

    public string Current => current;

    public void SwitchTo(string frontend) => current = frontend;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var target = new Uri(current);
        request.RequestUri = new UriBuilder(request.RequestUri!) { Host = target.Host, Port = target.Port }.Uri;
        return base.SendAsync(request, cancellationToken);
    }
}
