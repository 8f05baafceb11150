using Agents.Contracts;

namespace Agents.Pipeline.Tests.Unit;

public sealed class PipelineRequestValidatorTests
{
    private static readonly PipelineOptions s_options = new() { MaxRequirementsLength = 100 };

    [Fact]
    public void Validate_WithValidRequest_HasNoErrorsAndFillsDefaults()
    {
        var request = new PipelineRequest(" add numbers ", "Python");

        var errors = PipelineRequestValidator.Validate(request, s_options);
        var input = PipelineRequestValidator.ToInput(request, s_options);

        Assert.Empty(errors);
        Assert.Equal(new PipelineInput("add numbers", "python", 3, "none", s_options.ApprovalTimeoutMinutes), input);
    }

    [Fact]
    public void Validate_WithEverythingWrong_NamesEveryField()
    {
        var errors = PipelineRequestValidator.Validate(new PipelineRequest(new string('x', 101), "cobol", 0, "sometimes"), s_options);

        Assert.Equal(["approval", "language", "maxIterations", "requirements"], errors.Keys.Order(StringComparer.Ordinal));
    }
}
