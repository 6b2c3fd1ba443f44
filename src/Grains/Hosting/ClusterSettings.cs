using System.ComponentModel.DataAnnotations;

namespace McpPlatform.Grains.Hosting;

/// <summary>Where this process sits in the Orleans cluster. Section <c>Platform:Cluster</c>.</summary>
public sealed class ClusterSettings
{
    public const string SectionName = "Platform:Cluster";

    /// <summary>Silos and clients with the same id form one cluster.</summary>
    [Required, RegularExpression("^[A-Za-z0-9_.-]{1,64}$")]
    public string ClusterId { get; set; } = "mcp-platform";

    /// <summary>Stays the same across deployments: grain state is keyed by it.</summary>
    [Required, RegularExpression("^[A-Za-z0-9_.-]{1,64}$")]
    public string ServiceId { get; set; } = "mcp-platform";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this silo at. Not used when <see cref="Kubernetes"/> is on.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// The silo runs in a Kubernetes pod (set by deploy/k8s): Orleans' Kubernetes hosting names the silo after the pod
    /// and advertises the pod's IP (POD_NAME, POD_NAMESPACE, POD_IP from the downward API), and declares a silo dead as
    /// soon as its pod is deleted. Membership stays in the platform database. Cluster silos only; the embedded quick
    /// start ignores it.
    /// </summary>
    public bool Kubernetes { get; set; }

    /// <summary>
    /// With <see cref="Kubernetes"/>: the Kubernetes API to read pods from instead of the pod's own in-cluster access,
    /// e.g. <c>http://127.0.0.1:8001</c> from <c>kubectl proxy</c> for a silo run outside the cluster. Unset in pods.
    /// </summary>
    [Url]
    public string? KubernetesApi { get; set; }

    /// <summary>
    /// How long an MCP session's grain stays in memory after its last request. Sessions are many and mostly idle: the
    /// record stays in the database and the next request activates the grain again (one row read), so this trades a
    /// few KB per idle session against that read.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:02", "1.00:00:00")]
    public TimeSpan SessionGrainCollectionAge { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a silo may take to leave the cluster on SIGTERM (the host's shutdown timeout): grains finish their calls
    /// and deactivate, the membership row says Dead, the audit writer flushes. Keep the pod's termination grace above it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:10:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
