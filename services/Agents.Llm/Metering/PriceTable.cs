using Agents.Llm.Configuration;

namespace Agents.Llm.Metering;

/// <summary>Cost of a call from <c>Llm:Prices</c>: a provider-specific row first, then a row for the model alone; unknown models cost 0.</summary>
public sealed class PriceTable(IEnumerable<PriceOptions> prices)
{
    private const decimal Million = 1_000_000m;
    private readonly List<PriceOptions> _prices = [.. prices];

    public decimal Cost(string provider, string model, long inputTokens, long outputTokens)
    {
        var price = _prices.FirstOrDefault(p => string.Equals(p.Provider, provider, StringComparison.OrdinalIgnoreCase) && string.Equals(p.Model, model, StringComparison.OrdinalIgnoreCase))
            ?? _prices.FirstOrDefault(p => string.IsNullOrEmpty(p.Provider) && string.Equals(p.Model, model, StringComparison.OrdinalIgnoreCase));
        return price is null ? 0m : ((inputTokens * price.InputPerMillion) + (outputTokens * price.OutputPerMillion)) / Million;
    }
}
