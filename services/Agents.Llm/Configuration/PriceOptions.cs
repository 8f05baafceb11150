namespace Agents.Llm.Configuration;

/// <summary>One row of the price table (<c>Llm:Prices</c>), in US dollars per million tokens.</summary>
/// <remarks>A list rather than a dictionary because model names such as <c>qwen2.5:7b</c> contain the configuration key separator.</remarks>
public sealed class PriceOptions
{
    /// <summary>Optional: the price applies only to this provider's model.</summary>
    public string? Provider { get; set; }

    public string Model { get; set; } = "";

    public decimal InputPerMillion { get; set; }

    public decimal OutputPerMillion { get; set; }
}
