namespace Agents.Repositories;

/// <summary>A repository that cannot be taken as input; <see cref="Field"/> is the request field to name in the 400.</summary>
public sealed class InvalidRepositoryException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
