using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace Agents.AppHost.Tests;

/// <summary>The AppHost's application model for some settings, built but never started (nothing runs).</summary>
internal sealed class AppHostModel : IAsyncDisposable
{
    private readonly IDistributedApplicationTestingBuilder _builder;

    private AppHostModel(IDistributedApplicationTestingBuilder builder) => _builder = builder;

    public IResourceCollection Resources => _builder.Resources;

    public static async Task<AppHostModel> CreateAsync(params string[] args) =>
        new(await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(args, TestContext.Current.CancellationToken));

    public T Single<T>(string name) where T : IResource =>
        Assert.IsType<T>(Assert.Single(Resources, r => r.Name == name), exactMatch: false);

    /// <summary>The project's environment as the manifest publisher writes it: references as <c>{resource.…}</c> expressions.</summary>
    public async Task<Dictionary<string, string>> PublishedEnvironmentAsync(string project)
    {
        // Obsolete in favour of ExecutionConfigurationBuilder, which needs a built application; this reads the model alone.
#pragma warning disable CS0618
        return await Single<IResourceWithEnvironment>(project).GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish);
#pragma warning restore CS0618
    }

    /// <summary>The names of the resources <paramref name="name"/> waits for before it starts.</summary>
    public IEnumerable<string> WaitsFor(string name) =>
        Resources.Single(r => r.Name == name).Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name);

    public ValueTask DisposeAsync() => _builder.DisposeAsync();
}
