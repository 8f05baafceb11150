using Agents.Benchmarks;

// Every IBenchmark in this assembly is a sub-command; adding a benchmark is adding a file.
var benchmarks = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBenchmark).IsAssignableFrom(t))
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToDictionary(b => b.Name, StringComparer.OrdinalIgnoreCase);

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var benchmark))
{
    Console.Error.WriteLine(args.Length == 0 ? "Name a benchmark." : $"Unknown benchmark '{args[0]}'.");
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Agents.Benchmarks -- <benchmark> [options]");
    foreach (var b in benchmarks.Values)
    {
        Console.Error.WriteLine($"  {b.Name,-12} {b.Description}");
    }
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
return await benchmark.RunAsync(args[1..], cancel.Token);
