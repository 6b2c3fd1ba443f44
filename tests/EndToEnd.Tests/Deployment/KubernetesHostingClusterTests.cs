using McpPlatform.EndToEnd.Tests.Infrastructure;
using McpPlatform.TestCommon;
using Npgsql;

namespace McpPlatform.EndToEnd.Tests.Deployment;

/// <summary>
/// Silos with Orleans' Kubernetes hosting on, as deploy/k8s runs them (Platform:Cluster:Kubernetes, the downward API's
/// POD_NAME, POD_NAMESPACE and POD_IP), against a stand-in for the Kubernetes API. They join through the platform's own
/// membership table in PostgreSQL, and when a silo's pod is deleted the others declare it dead in that table at once,
/// although its process still answers every probe.
/// </summary>
public sealed class KubernetesHostingClusterTests
{
    private const string Namespace = "mcp-e2e";
    private const int Active = 3; // Orleans.Runtime.SiloStatus
    private const int Dead = 6;

    [Fact]
    public async Task A_silo_whose_pod_is_deleted_is_declared_dead_in_the_platform_membership_table_while_its_process_still_runs()
    {
        var postgres = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("e2e_k8s_hosting");
        var clusterId = "e2e-k8s-" + Guid.NewGuid().ToString("N")[..8];
        await using var api = new KubernetesApiDouble(Namespace);
        await using var platform = new PlatformProcesses();
        await platform.RunAsync(async () =>
        {
            foreach (var pod in new[] { "silo-a", "silo-b" })
            {
                api.AddPod(pod, Labels(clusterId));
                await platform.StartSiloAsync(pod, postgres, PodSettings(api, clusterId, pod));
            }

            var joined = await MembershipAsync(postgres, clusterId);
            Assert.Equal(Active, joined["silo-a"]);
            Assert.Equal(Active, joined["silo-b"]);

            // silo-b keeps running and answering its peers' probes: only the pod's deletion can make it dead. The
            // silos watching pods see the deletion; a silo starting now also matches pods with members at once.
            api.DeletePod("silo-b");
            api.AddPod("silo-c", Labels(clusterId));
            await platform.StartSiloAsync("silo-c", postgres, PodSettings(api, clusterId, "silo-c"));

            var after = await Eventually.SucceedsAsync(async () =>
            {
                var rows = await MembershipAsync(postgres, clusterId);
                Assert.Equal(Dead, rows["silo-b"]);
                return rows;
            }, TimeSpan.FromSeconds(30));
            Assert.Equal(Active, after["silo-a"]);
            Assert.Equal(Active, after["silo-c"]);
            Assert.Contains(api.Requests, request => request.Contains("watch=true", StringComparison.Ordinal));
        });
    }

    /// <summary>The labels deploy/k8s gives silo pods, which the hosting selects them by.</summary>
    private static Dictionary<string, string> Labels(string clusterId) => new()
    {
        ["app.kubernetes.io/component"] = "silo",
        ["orleans/clusterId"] = clusterId,
        ["orleans/serviceId"] = "mcp-platform",
    };

    private static Dictionary<string, string?> PodSettings(KubernetesApiDouble api, string clusterId, string pod) => new()
    {
        ["Platform__Cluster__ClusterId"] = clusterId,
        ["Platform__Cluster__Kubernetes"] = "true",
        ["Platform__Cluster__KubernetesApi"] = api.BaseUrl,
        ["POD_NAME"] = pod,
        ["POD_NAMESPACE"] = Namespace,
        ["POD_IP"] = "127.0.0.1",
    };

    /// <summary>Each silo's status in the platform's membership table, by silo name (the pod's).</summary>
    private static async Task<Dictionary<string, int>> MembershipAsync(string postgres, string clusterId)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT silo_name, status FROM mcp.membership_silo WHERE cluster_id = @cluster ORDER BY start_time", connection);
        command.Parameters.AddWithValue("cluster", clusterId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, int>();
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = reader.GetInt32(1);
        }

        return rows;
    }
}
