using System.Text.Json;
using Agents.Contracts;

namespace Agents.Contracts.Tests;

public sealed class AgentsJsonContextTests
{
    [Fact]
    public void ServiceInfo_RoundTrips_WithCamelCaseNames()
    {
        var info = new ServiceInfo("gateway", "1.2.3", "embedded");

        var json = JsonSerializer.Serialize(info, AgentsJsonContext.Default.ServiceInfo);
        var back = JsonSerializer.Deserialize(json, AgentsJsonContext.Default.ServiceInfo);

        Assert.Equal("""{"service":"gateway","version":"1.2.3","mode":"embedded"}""", json);
        Assert.Equal(info, back);
    }

    [Fact]
    public void EveryContractRecord_IsRegisteredInTheContext()
    {
        // A record missing from the source-generated context would fall back to reflection at run time
        // (or fail under trimming); every public record in Contracts must be registered.
        var records = typeof(AgentsJsonContext).Assembly.GetExportedTypes()
            .Where(t => t.IsClass && t.IsSealed && t.GetMethod("<Clone>$") is not null);

        Assert.NotEmpty(records);
        foreach (var record in records)
        {
            Assert.True(AgentsJsonContext.Default.GetTypeInfo(record) is not null, $"{record.Name} is not in AgentsJsonContext.");
        }
    }
}
