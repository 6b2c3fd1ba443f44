using System.Net;
using System.Security.Cryptography;
using McpPlatform.Grains.Credentials;
using McpPlatform.Grains.Hosting;
using McpPlatform.Platform.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Platform.Tests;

/// <summary>The key that seals upstream secrets: generated once in the quick start, required in a cluster, rotatable.</summary>
public sealed class EncryptionKeyTests : IAsyncLifetime
{
    private readonly TestUpstream upstream = new();
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "mcp-platform-keys-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => upstream.StartAsync();

    public async Task DisposeAsync()
    {
        await upstream.DisposeAsync();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task The_quick_start_generates_its_key_once_and_still_opens_its_secrets_after_a_restart()
    {
        TestTenant tenant;
        await using (var first = new PlatformFactory(dataDirectory: dataDirectory))
        {
            tenant = await RegisterBearerApiAsync(first, "token-before-restart");
            Assert.Null(await CallAsync(first, tenant));
        }

        var keyFile = Path.Combine(dataDirectory, LocalEncryptionKey.FileName);
        var key = await File.ReadAllTextAsync(keyFile);
        Assert.Equal(32, Convert.FromBase64String(key).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        await using (var second = new PlatformFactory(dataDirectory: dataDirectory))
        {
            Assert.Null(await CallAsync(second, tenant));
        }

        Assert.Equal(key, await File.ReadAllTextAsync(keyFile));
        Assert.Equal(2, upstream.RequestsFor(tenant.Id).Count(r => r.Headers.GetValueOrDefault("Authorization") == "Bearer token-before-restart"));
    }

    [Fact]
    public async Task After_a_key_rotation_old_secrets_still_open_and_are_sealed_again_with_the_new_key()
    {
        var (oldKey, newKey) = (NewKey(), NewKey());
        TestTenant tenant;
        await using (var before = new PlatformFactory(Keys(oldKey, "2025a"), dataDirectory: dataDirectory))
        {
            tenant = await RegisterBearerApiAsync(before, "rotated-token");
        }

        Assert.Contains("\"s1.2025a.", await StoredRegistryAsync(tenant.Id), StringComparison.Ordinal);

        // The new key, with the old one still readable: the operator has every registry seal its secrets again.
        await using (var during = new PlatformFactory(new Dictionary<string, string?>(Keys(newKey, "2026a")) { ["Platform:Secrets:PreviousKeys:2025a"] = oldKey },
            dataDirectory: dataDirectory))
        {
            using var operatorAdmin = new AdminApiClient(during.CreateClient(), PlatformFactory.OperatorKey);
            Assert.True((await operatorAdmin.SendAsync(HttpMethod.Post, "/admin/v1/secrets/reseal")).Expect(HttpStatusCode.OK).GetProperty("tenants").GetInt32() >= 1);
            var stored = await StoredRegistryAsync(tenant.Id);
            Assert.Contains("\"s1.2026a.", stored, StringComparison.Ordinal);
            Assert.DoesNotContain("s1.2025a.", stored, StringComparison.Ordinal);
            Assert.Null(await CallAsync(during, tenant));
            using var tenantAdmin = new AdminApiClient(during.CreateClient(), tenant.AdminKey);
            (await tenantAdmin.SendAsync(HttpMethod.Post, "/admin/v1/secrets/reseal")).ExpectProblem(HttpStatusCode.Forbidden);
        }

        // So the old key can go.
        await using (var after = new PlatformFactory(Keys(newKey, "2026a"), dataDirectory: dataDirectory))
        {
            Assert.Null(await CallAsync(after, tenant));
        }

        Assert.Equal(2, upstream.RequestsFor(tenant.Id).Count(r => r.Headers.GetValueOrDefault("Authorization") == "Bearer rotated-token"));

        // Without the key a secret was sealed with, the call fails before anything is sent, and says what to configure.
        await using var lost = new PlatformFactory(Keys(NewKey(), "2027a"), dataDirectory: dataDirectory);
        var error = await CallAsync(lost, tenant);
        Assert.Contains("key id '2026a'", error, StringComparison.Ordinal);
        Assert.Contains("Platform:Secrets:PreviousKeys:2026a", error, StringComparison.Ordinal);
        Assert.Equal(2, upstream.RequestsFor(tenant.Id).Count());
    }

    [Theory]
    [InlineData(null, "Platform:Secrets:EncryptionKey is not set")]
    [InlineData("c2hvcnQ=", "exactly 32 bytes in base64")]
    public void A_cluster_silo_without_a_usable_key_fails_at_start_up_saying_what_to_set(string? key, string message)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Platform:Secrets:EncryptionKey"] = key }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddPlatformGrainServices(embedded: false).BuildServiceProvider();
        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SecretsOptions>>().Value);
        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static Dictionary<string, string?> Keys(string key, string id) => new()
    {
        ["Platform:Secrets:EncryptionKey"] = key,
        ["Platform:Secrets:KeyId"] = id,
    };

    private async Task<TestTenant> RegisterBearerApiAsync(PlatformFactory platform, string token)
    {
        var id = "k-" + Guid.NewGuid().ToString("N")[..10];
        using var admin = new AdminApiClient(platform.CreateClient(), PlatformFactory.OperatorKey);
        await admin.CreateTenantAsync(id);
        var tenant = new TestTenant(id, await admin.CreateKeyAsync(id, "admin", "admin"), await admin.CreateKeyAsync(id, "agent", "agent"));
        (await admin.PutApiAsync(id, "api", new
        {
            openApi = UpstreamCallsDocument.Json(upstream.BaseUrl),
            auth = new { type = "bearer", token },
            headers = new Dictionary<string, string> { ["X-Tenant-Marker"] = id },
        })).Expect(HttpStatusCode.Created);
        return tenant;
    }

    /// <returns>Null when the call succeeded; otherwise its error text.</returns>
    private static async Task<string?> CallAsync(PlatformFactory platform, TestTenant tenant)
    {
        await using var client = await McpClients.ConnectAsync(platform, tenant.Id, tenant.AgentKey);
        var result = await client.CallToolAsync("getItem", new Dictionary<string, object?> { ["id"] = "k" });
        return result.IsError == true ? result.Content.OfType<TextContentBlock>().Single().Text : null;
    }

    private async Task<string> StoredRegistryAsync(string tenantId)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataDirectory, "platform.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM grain_state WHERE state_name = 'tool-registry' AND grain_id LIKE $grain";
        command.Parameters.AddWithValue("$grain", "%" + tenantId);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
