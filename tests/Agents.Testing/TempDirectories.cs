using System.Collections.Concurrent;

namespace Agents.Testing;

/// <summary>
/// Temporary directories (data folders, journals, logs) removed when the test process exits: a service process a test
/// started may still hold files when the test itself ends, so the deletion waits until everything is done.
/// </summary>
public static class TempDirectories
{
    private static readonly ConcurrentBag<string> s_created = [];

    static TempDirectories() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var directory in s_created)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a child process may still hold a file.
            }
        }
    };

    public static string Create(string prefix)
    {
        var directory = Directory.CreateTempSubdirectory(prefix).FullName;
        s_created.Add(directory);
        return directory;
    }
}
