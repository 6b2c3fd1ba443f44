namespace McpPlatform.Grains.Dispatch.Network;

/// <summary>The guard would not connect: the host is, or resolves to, an address tenants may not reach.</summary>
public sealed class UpstreamAddressRefusedException(string message) : Exception(message)
{
    /// <summary>The refusal inside an <see cref="HttpRequestException"/> (the handler wraps what the connect callback throws).</summary>
    public static UpstreamAddressRefusedException? Find(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is UpstreamAddressRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }
}
