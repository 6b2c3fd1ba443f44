using System.ComponentModel.DataAnnotations;

namespace McpPlatform.Grains.Health;

/// <summary>How the readiness checks that leave the process behave. Section <c>Platform:Health</c>.</summary>
public sealed class HealthProbeOptions
{
    public const string SectionName = "Platform:Health";

    /// <summary>
    /// A check's answer is reused this long: probes of every kubelet, balancer and operator then cost the database
    /// and the cluster at most one query and one grain call per interval, however often they come.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30", ErrorMessage = "Platform:Health:CacheDuration must be between 0 and 30 seconds.")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A database query or grain call slower than this fails the check (shorter than a probe's own timeout).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30", ErrorMessage = "Platform:Health:Timeout must be between 100 ms and 30 seconds.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);
}
