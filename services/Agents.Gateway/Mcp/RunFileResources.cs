using System.ComponentModel;
using Agents.Pipeline.Operations;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace Agents.Gateway.Mcp;

/// <summary>A run's files (its code and its tests) as MCP resources, so a client can read one file without the whole run.</summary>
[McpServerResourceType]
internal sealed class RunFileResources(IPipelineOperations pipelines)
{
    private const string Template = "agents://runs/{id}/files/{path}";

    /// <summary>The URI template of one run's files; a file's path goes in URL-escaped, since it has slashes.</summary>
    public static string TemplateFor(string id) => Template.Replace("{id}", Uri.EscapeDataString(id), StringComparison.Ordinal);

    [McpServerResource(UriTemplate = Template, Name = "run_file", Title = "A file of a pipeline run", MimeType = "text/plain")]
    [Description("One file of a pipeline run, code or test, by the run's id and the file's relative path (URL-escaped, e.g. src%2Fcalc.py).")]
    public async Task<string> ReadAsync(string id, string path, CancellationToken cancellationToken = default)
    {
        var run = await McpRefusals.Call(() => pipelines.GetAsync(id, cancellationToken)) ?? throw new McpException($"There is no run '{id}'.");
        var wanted = Uri.UnescapeDataString(path);
        var file = run.Files.Concat(run.Tests).FirstOrDefault(f => string.Equals(f.Path, wanted, StringComparison.Ordinal));
        return file?.Content ?? throw new McpException($"Run '{id}' has no file '{wanted}'.");
    }
}
