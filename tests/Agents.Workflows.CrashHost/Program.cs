using System.Globalization;

// The child process of the crash test: runs a fixed set of workflows until all complete or it is killed, with the real
// Dapr.Workflow SDK on the embedded gRPC backend.
// usage: <file|postgres> <directory|connection string> <instances> <run number> <execution log path> [prefix [other prefixes]]
// With a prefix, the process runs the workflows <prefix>-0…; with other prefixes (comma-separated, PostgreSQL), it
// also raises their events and waits for them: they are another process's, which it takes over when that one dies.
if (args.Length is < 5 or > 7 || args[0] is not ("file" or "postgres"))
{
    Console.Error.WriteLine("usage: Agents.Workflows.CrashHost <file|postgres> <location> <instances> <run> <log> [prefix [others]]");
    return 2;
}
var (journal, location, instances, run, log) = (args[0], args[1], int.Parse(args[2], CultureInfo.InvariantCulture), args[3], args[4]);
var prefix = args.Length > 5 ? args[5] : "crash";
string[] others = args.Length > 6 ? args[6].Split(',') : [];
return await Agents.SdkCrashHost.SdkCrashRun.RunAsync(journal, location, instances, run, log, prefix, others);
