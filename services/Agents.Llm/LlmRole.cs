namespace Agents.Llm;

/// <summary>Who is asking: each role has its own model and fallback chain (<c>Llm:Roles:&lt;Role&gt;</c>).</summary>
public enum LlmRole
{
    /// <summary>The default chain (<c>Llm:Default</c>), used by chat and by any role without its own chain.</summary>
    Default,
    Planner,
    Coder,
    TestDesigner,
    Reviewer,
}
