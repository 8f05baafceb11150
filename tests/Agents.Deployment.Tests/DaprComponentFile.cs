using YamlDotNet.RepresentationModel;

namespace Agents.Deployment.Tests;

/// <summary>One Dapr component YAML file, read strictly: an unknown key in a metadata item fails the read.</summary>
public sealed record DaprComponentFile(
    string Path,
    string ApiVersion,
    string Kind,
    string Name,
    string Type,
    string Version,
    IReadOnlyDictionary<string, DaprMetadataEntry> Metadata,
    IReadOnlyList<string> Scopes)
{
    public bool IsPubSub => Type.StartsWith("pubsub.", StringComparison.Ordinal);

    public bool IsStateStore => Type.StartsWith("state.", StringComparison.Ordinal);

    public bool IsActorStateStore => IsStateStore && Metadata.TryGetValue("actorStateStore", out var entry) && entry.Value == "true";

    public string? Value(string name) => Metadata.TryGetValue(name, out var entry) ? entry.Value : null;

    public static DaprComponentFile Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }
        var root = (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
        var metadata = Mapping(root, "metadata");
        var spec = Mapping(root, "spec");

        var entries = new Dictionary<string, DaprMetadataEntry>(StringComparer.Ordinal);
        foreach (var item in ((YamlSequenceNode)spec.Children[new YamlScalarNode("metadata")]).Cast<YamlMappingNode>())
        {
            var keys = item.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList();
            var unknown = keys.Except(["name", "value", "envRef", "secretKeyRef"]).ToList();
            Assert.True(unknown.Count == 0, $"{path}: unknown metadata keys {string.Join(", ", unknown)}");
            var name = Scalar(item, "name")!;
            Assert.True(entries.TryAdd(name, new DaprMetadataEntry(Scalar(item, "value"), Scalar(item, "envRef"), item.Children.ContainsKey(new YamlScalarNode("secretKeyRef")))), $"{path}: metadata '{name}' twice");
        }

        var scopes = root.Children.TryGetValue(new YamlScalarNode("scopes"), out var scopeNode)
            ? ((YamlSequenceNode)scopeNode).Select(s => ((YamlScalarNode)s).Value!).ToList()
            : [];

        return new DaprComponentFile(
            path,
            Scalar(root, "apiVersion")!,
            Scalar(root, "kind")!,
            Scalar(metadata, "name")!,
            Scalar(spec, "type")!,
            Scalar(spec, "version")!,
            entries,
            scopes);
    }

    /// <summary>Every component of a folder, as one sidecar would load it.</summary>
    public static IReadOnlyList<DaprComponentFile> LoadFolder(string folder) =>
        Directory.EnumerateFiles(folder, "*.yaml").Order(StringComparer.Ordinal).Select(Load).ToList();

    private static YamlMappingNode Mapping(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;
}

/// <summary>A component metadata item: a plain value, an environment reference, or a secret store reference.</summary>
public sealed record DaprMetadataEntry(string? Value, string? EnvRef, bool HasSecretKeyRef);
