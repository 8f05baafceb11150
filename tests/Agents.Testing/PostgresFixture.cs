using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Xunit;

namespace Agents.Testing;

/// <summary>
/// A real PostgreSQL for tests. Uses <c>AGENTS_TEST_POSTGRES</c> (a connection string) when set; otherwise
/// starts a throw-away cluster with <c>initdb</c> + <c>pg_ctl</c> on a free loopback port, its socket in a
/// temp folder, and removes it afterwards. PostgreSQL refuses to run as root, so as root the server runs as
/// the <c>postgres</c> user. Each test gets its own database from <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string ConnectionStringVariable = "AGENTS_TEST_POSTGRES";

    private const string HowToGetPostgres =
        "PostgreSQL is needed for this test. Install it (as root: apt-get install -y postgresql; the fixture then starts " +
        "a throw-away cluster itself) or set " + ConnectionStringVariable + " to the connection string of a server whose " +
        "user may create databases.";

    private string? _clusterDirectory;
    private string? _binDirectory;
    private bool _asPostgresUser;

    /// <summary>Connection string of the server's maintenance database.</summary>
    public string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            ConnectionString = configured;
            await EnsureReachableAsync();
            return;
        }

        _binDirectory = FindServerBinaries() ?? throw new InvalidOperationException(HowToGetPostgres);
        _asPostgresUser = Environment.UserName == "root";
        _clusterDirectory = Directory.CreateTempSubdirectory("agents-pg-").FullName;
        var data = Path.Combine(_clusterDirectory, "data");
        if (_asPostgresUser)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", _clusterDirectory], asPostgres: false);
        }

        await RunAsync(Path.Combine(_binDirectory, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"], _asPostgresUser);

        // A port taken between probing and binding makes pg_ctl fail; try a few.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeTcpPort();
            var options = $"-p {port} -k {_clusterDirectory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
            try
            {
                await RunAsync(Path.Combine(_binDirectory, "pg_ctl"), ["-D", data, "-o", options, "-l", Path.Combine(_clusterDirectory, "server.log"), "-w", "-t", "60", "start"], _asPostgresUser);
                ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=15;Command Timeout=60";
                await EnsureReachableAsync();
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>Creates a fresh, uniquely named database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_clusterDirectory is null || _binDirectory is null)
        {
            return;
        }
        try
        {
            await RunAsync(Path.Combine(_binDirectory, "pg_ctl"), ["-D", Path.Combine(_clusterDirectory, "data"), "-m", "immediate", "-w", "stop"], _asPostgresUser);
        }
        finally
        {
            Directory.Delete(_clusterDirectory, recursive: true);
        }
    }

    private async Task EnsureReachableAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
        }
        catch (NpgsqlException ex)
        {
            throw new InvalidOperationException($"{HowToGetPostgres} (The server did not answer: {ex.Message})", ex);
        }
    }

    private static string? FindServerBinaries()
    {
        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var info = asPostgres ? new ProcessStartInfo("runuser") : new ProcessStartInfo(fileName);
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", fileName })
            {
                info.ArgumentList.Add(a);
            }
        }
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.WorkingDirectory = Path.GetTempPath();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }
}
