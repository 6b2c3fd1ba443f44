using System.ComponentModel.DataAnnotations;

namespace McpPlatform.Frontend.Draining;

/// <summary>How a frontend stops on SIGTERM (see <see cref="FrontendDrain"/>). Section <c>Platform:Shutdown</c>.</summary>
public sealed class ShutdownOptions
{
    public const string SectionName = "Platform:Shutdown";

    /// <summary>
    /// How long the frontend keeps serving after SIGTERM, with readiness already failing: the time a load balancer
    /// (a Kubernetes Service's endpoints) takes to stop sending it requests. 5 s in a cluster; 0 for the quick start.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:02:00", ErrorMessage = "Platform:Shutdown:DrainDelay must be between 0 and 2 minutes.")]
    public TimeSpan DrainDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Then, how long tool calls already running may take to finish before they are aborted. Open GET and SSE streams
    /// close when they have finished (clients resume elsewhere with <c>Last-Event-ID</c>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Platform:Shutdown:InFlightTimeout must be between 0 and 10 minutes.")]
    public TimeSpan InFlightTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>What the host needs after the drain: closing streams and connections, leaving the cluster.</summary>
    public static readonly TimeSpan StopAfterDrain = TimeSpan.FromSeconds(15);

    /// <summary>The host's shutdown timeout must cover the whole drain, else the host cuts it short.</summary>
    public TimeSpan Total => DrainDelay + InFlightTimeout + StopAfterDrain;
}
