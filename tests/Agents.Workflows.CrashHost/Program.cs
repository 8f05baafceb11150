using System.Globalization;

// The child process of the crash test: runs a fixed set of workflows until all complete or it is killed, with the real
// Dapr.Workflow SDK on the embedded gRPC backend.
// usage: <file|postgres> <directory|connection string> <instances> <run number> <execution log path>
if (args.Length != 5 || args[0] is not ("file" or "postgres"))
{
    Console.Error.WriteLine("usage: Agents.Workflows.CrashHost <file|postgres> <location> <instances> <run> <log>");
    return 2;
}
var (journal, location, instances, run, log) = (args[0], args[1], int.Parse(args[2], CultureInfo.InvariantCulture), args[3], args[4]);
return await Agents.SdkCrashHost.SdkCrashRun.RunAsync(journal, location, instances, run, log);
