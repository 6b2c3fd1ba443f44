namespace McpPlatform.Frontend.Draining;

/// <summary>
/// While draining, every HTTP/1.1 response asks the client to close its connection: a client keeping one alive would
/// otherwise go on sending here after the load balancer moved on, since balancers route connections, not requests.
/// First in the pipeline (a startup filter), so it covers every endpoint.
/// </summary>
internal sealed class DrainConnectionClose(DrainSignal signal) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (signal.Draining && context.Request.Protocol == "HTTP/1.1")
            {
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.Connection = "close";
                    return Task.CompletedTask;
                });
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
