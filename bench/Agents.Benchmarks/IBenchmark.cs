namespace Agents.Benchmarks;

/// <summary>One named benchmark: <c>dotnet run -c Release --project bench/Agents.Benchmarks -- &lt;name&gt;</c>.</summary>
internal interface IBenchmark
{
    string Name { get; }

    string Description { get; }

    /// <summary>Runs and prints one line of figures per case; returns the process exit code.</summary>
    Task<int> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken);
}
