namespace Agents.Llm.Configuration;

public enum CassetteMode
{
    /// <summary>Every call goes to the providers.</summary>
    Off,

    /// <summary>Calls go to the providers and each exchange is appended to the cassette.</summary>
    Record,

    /// <summary>Answers come from the cassette only; no network call is made, an unknown request fails.</summary>
    Replay,
}
