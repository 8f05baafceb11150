using Agents.Contracts;

namespace Agents.Contracts.Tests;

public sealed class DaprSidecarTests
{
    [Fact]
    public void AddressFrom_APort_IsTheSidecarOnLocalhost() =>
        Assert.Equal(new Uri("http://localhost:3500"), DaprSidecar.AddressFrom("3500"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("-1")]
    [InlineData("35a")]
    public void AddressFrom_NoPort_IsNull(string? port) => Assert.Null(DaprSidecar.AddressFrom(port));
}
