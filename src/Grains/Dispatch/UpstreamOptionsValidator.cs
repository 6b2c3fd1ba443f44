using System.Net;
using Microsoft.Extensions.Options;

namespace McpPlatform.Grains.Dispatch;

/// <summary>What data annotations cannot say about <see cref="UpstreamOptions"/>.</summary>
public sealed class UpstreamOptionsValidator : IValidateOptions<UpstreamOptions>
{
    public ValidateOptionsResult Validate(string? name, UpstreamOptions options)
    {
        var invalid = options.AllowedNetworks.Where(n => !IPNetwork.TryParse(n, out _)).ToList();
        return invalid.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{UpstreamOptions.SectionName}:AllowedNetworks: '{string.Join("', '", invalid)}' is not a network in CIDR notation (e.g. 10.20.0.0/16 or fd00:1::/64).");
    }
}
