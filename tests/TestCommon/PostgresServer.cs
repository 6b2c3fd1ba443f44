using System.Diagnostics;
using System.Text;
using Npgsql;

namespace McpPlatform.TestCommon;

/// <summary>
/// A real PostgreSQL server shared by every test in the process.
/// Uses <c>MCP_TEST_POSTGRES</c> (a connection string to an existing server) when set; otherwise runs
/// <c>initdb</c>/<c>pg_ctl</c> from <c>/usr/lib/postgresql/*/bin</c> into a temporary directory, listening on 127.0.0.1
/// on a free port, and stops it when the process exits.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string ExternalServerVariable = "MCP_TEST_POSTGRES";
    private const string PostgresInstallRoot = "/usr/lib/postgresql";
    private const string PostgresOsUser = "postgres";
    private const string SuperUser = "postgres";
    private const int MaxDatabaseNameLength = 63;
    private const string TempDirectoryPrefix = "mcp-pg-";
    private const string PidFileName = "postmaster.pid";
    private static readonly TimeSpan LeftoverMinimumAge = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartSharedAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string? _binDirectory;
    private readonly string? _baseDirectory;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private bool _isPrivate;

    private PostgresServer(string adminConnectionString, string? binDirectory, string? baseDirectory, int port)
    {
        AdminConnectionString = adminConnectionString;
        _binDirectory = binDirectory;
        _baseDirectory = baseDirectory;
        Port = port;
    }

    /// <summary>Connection string to the maintenance database (<c>postgres</c>) as a superuser.</summary>
    public string AdminConnectionString { get; }

    /// <summary>TCP port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The postmaster's process id (its backends are its children), or null for an external server.</summary>
    public int? ServerProcessId => _baseDirectory is null
        ? null
        : int.Parse(File.ReadLines(Path.Combine(DataDirectory, PidFileName)).First(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>False when the server came from <see cref="ExternalServerVariable"/> (we do not own its process).</summary>
    public bool CanRestart => _binDirectory is not null;

    private string DataDirectory => Path.Combine(_baseDirectory!, "data");
    private string SocketDirectory => Path.Combine(_baseDirectory!, "sock");
    private string LogFile => Path.Combine(_baseDirectory!, "server.log");

    /// <summary>The process-wide server, started on first use.</summary>
    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>False when tests must use the server of <see cref="ExternalServerVariable"/> (no binaries to run one).</summary>
    public static bool CanStartPrivate => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ExternalServerVariable));

    /// <summary>
    /// A server of the caller's own (a few seconds to create), for a test that stops it while others run in parallel
    /// on the shared one; stopped and deleted when disposed.
    /// </summary>
    public static async Task<PostgresServer> StartPrivateAsync()
    {
        if (!CanStartPrivate)
        {
            throw new InvalidOperationException($"{ExternalServerVariable} is set: tests use that server and start none of their own.");
        }

        var server = await StartOwnedAsync();
        server._isPrivate = true;
        return server;
    }

    /// <summary>Creates a fresh, uniquely named database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = UniqueDatabaseName(prefix);
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString)
        {
            Database = name,
            // Many small test databases each get their own pool; keep them small so we stay under max_connections.
            MaxPoolSize = 20,
        };
        return builder.ConnectionString;
    }

    /// <summary>Stops and starts the server (same port and data), e.g. to test recovery from a database outage.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    /// <summary>Stops the server quickly; open connections are broken.</summary>
    public async Task StopAsync()
    {
        EnsureOwned();
        await _lifecycle.WaitAsync();
        try
        {
            await RunPgCtlAsync("stop", "-m", "fast");
            NpgsqlConnection.ClearAllPools();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Starts a previously stopped server.</summary>
    public async Task StartAsync()
    {
        EnsureOwned();
        await _lifecycle.WaitAsync();
        try
        {
            await StartProcessAsync();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private static async Task<PostgresServer> StartSharedAsync()
    {
        var external = Environment.GetEnvironmentVariable(ExternalServerVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            var builder = new NpgsqlConnectionStringBuilder(external);
            return new PostgresServer(external, binDirectory: null, baseDirectory: null, builder.Port);
        }

        RemoveLeftoversOfEarlierRuns();
        return await StartOwnedAsync();
    }

    private static async Task<PostgresServer> StartOwnedAsync()
    {
        var bin = FindBinDirectory();
        var baseDirectory = Path.Combine(Path.GetTempPath(), TempDirectoryPrefix + Guid.NewGuid().ToString("N")[..12]);
        var port = FreePort.Next();
        var admin = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = SuperUser,
            Database = "postgres",
            Pooling = false,
        }.ConnectionString;

        var server = new PostgresServer(admin, bin, baseDirectory, port);
        await server.InitializeAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.StopAtExit();
        return server;
    }

    private async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        Directory.CreateDirectory(SocketDirectory);
        if (RunsAsRoot)
        {
            // PostgreSQL refuses to run as root; the server runs as the postgres OS user, which must own its files.
            await RunAsync("chown", ["-R", $"{PostgresOsUser}:", _baseDirectory!], asPostgresUser: false);
        }

        await RunAsync(Path.Combine(_binDirectory!, "initdb"),
            ["-D", DataDirectory, "-U", SuperUser, "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"],
            asPostgresUser: true);
        await StartProcessAsync();
    }

    private async Task StartProcessAsync()
    {
        // Durability is pointless for throw-away test data; turning it off makes the suite much faster.
        var serverOptions = string.Join(' ',
            $"-p {Port}",
            $"-k {SocketDirectory}",
            "-c listen_addresses=127.0.0.1",
            "-c max_connections=500",
            "-c fsync=off",
            "-c synchronous_commit=off",
            "-c full_page_writes=off");
        await RunPgCtlAsync("start", "-w", "-t", "60", "-l", LogFile, "-o", serverOptions);
    }

    private Task RunPgCtlAsync(params string[] arguments)
    {
        var all = new List<string> { "-D", DataDirectory };
        all.AddRange(arguments);
        return RunAsync(Path.Combine(_binDirectory!, "pg_ctl"), all, asPostgresUser: true);
    }

    /// <summary>Stops and deletes a server this process started (the shared one is left to the exit handler).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_isPrivate)
        {
            return;
        }

        await Task.Run(StopAtExit);
    }

    private void StopAtExit()
    {
        // The test runner may kill this process moments after ProcessExit starts, so stop-and-delete runs as one
        // detached shell that finishes on its own; we wait for it only as long as we are allowed to live.
        var pgCtl = Path.Combine(_binDirectory!, "pg_ctl");
        var stop = RunsAsRoot
            ? $"runuser -u {PostgresOsUser} -- '{pgCtl}' -D '{DataDirectory}' stop -m immediate"
            : $"'{pgCtl}' -D '{DataDirectory}' stop -m immediate";
        try
        {
            using var cleanup = Process.Start(new ProcessStartInfo("sh", ["-c", $"{stop} >/dev/null 2>&1; rm -rf '{_baseDirectory}'"])
            {
                UseShellExecute = false,
            });
            cleanup?.WaitForExit(TimeSpan.FromSeconds(20));
        }
        catch (Exception)
        {
            // Best effort at process exit; the next run sweeps leftovers (RemoveLeftoversOfEarlierRuns).
        }
    }

    /// <summary>
    /// The test host may be killed before the exit handler finishes deleting the data directory, so each run removes
    /// directories of earlier runs: no running server (no pid file) and old enough not to be another run's initdb.
    /// </summary>
    private static void RemoveLeftoversOfEarlierRuns()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), TempDirectoryPrefix + "*"))
        {
            try
            {
                var running = File.Exists(Path.Combine(dir, "data", PidFileName));
                var old = DateTime.UtcNow - Directory.GetCreationTimeUtc(dir) > LeftoverMinimumAge;
                if (!running && old)
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Someone else's or in use: leave it.
            }
        }
    }

    private void EnsureOwned()
    {
        if (!CanRestart)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL server comes from {ExternalServerVariable}; tests cannot stop or restart it.");
        }
    }

    private static bool RunsAsRoot => OperatingSystem.IsLinux() && Environment.IsPrivilegedProcess;

    private static string FindBinDirectory()
    {
        var candidates = Directory.Exists(PostgresInstallRoot)
            ? Directory.GetDirectories(PostgresInstallRoot)
                .Select(dir => (Dir: dir, Version: double.TryParse(Path.GetFileName(dir), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0))
                .OrderByDescending(c => c.Version)
                .Select(c => Path.Combine(c.Dir, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
                .ToList()
            : [];

        return candidates.FirstOrDefault() ?? throw new InvalidOperationException(
            $"PostgreSQL server binaries (initdb, pg_ctl) were not found under {PostgresInstallRoot}/*/bin. " +
            "Install postgresql with apt (apt-get install -y postgresql), or set " +
            $"{ExternalServerVariable} to a connection string of an existing server whose user may CREATE DATABASE.");
    }

    private static string UniqueDatabaseName(string prefix)
    {
        var clean = new StringBuilder();
        foreach (var c in prefix.ToLowerInvariant())
        {
            clean.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        var suffix = "_" + Guid.NewGuid().ToString("N")[..16];
        var head = clean.Length == 0 ? "test" : clean.ToString();
        if (head.Length + suffix.Length > MaxDatabaseNameLength)
        {
            head = head[..(MaxDatabaseNameLength - suffix.Length)];
        }

        return head + suffix;
    }

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, bool asPostgresUser)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // Child processes must not inherit our stdout handles forever (pg_ctl start leaves the server running).
            RedirectStandardInput = false,
        };
        if (asPostgresUser && RunsAsRoot)
        {
            info.FileName = "runuser";
            info.ArgumentList.Add("-u");
            info.ArgumentList.Add(PostgresOsUser);
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(fileName);
        }
        else
        {
            info.FileName = fileName;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{fileName} {string.Join(' ', arguments)}' failed with exit code {process.ExitCode}.\n{await stdout}\n{await stderr}");
        }
    }
}
