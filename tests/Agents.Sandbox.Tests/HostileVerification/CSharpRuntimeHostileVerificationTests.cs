using Agents.Contracts;
using static Agents.Sandbox.Tests.HostileVerification.CSharpHostileVerificationTests;

namespace Agents.Sandbox.Tests.HostileVerification;

/// <summary>
/// Wrong C# code that attacks from inside the tests' process: exits before the report is complete, forged reports,
/// an <c>Assert</c> of its own or a patched one, values whose equality lies. A class of its own so that it runs in
/// parallel with <see cref="CSharpHostileVerificationTests"/>.
/// </summary>
public sealed class CSharpRuntimeHostileVerificationTests : IDisposable
{
    private const string Init = "using System.Runtime.CompilerServices;\n\nnamespace Demo;\n\ninternal static class Init\n{\n    [ModuleInitializer]\n    internal static void Run()\n    {\n        ";

    private const string InitEnd = "\n    }\n}\n";

    // A TRX that reports both tests as passed, written where dotnet test puts its own.
    private const string FakeTrx =
        "<?xml version=\\\"1.0\\\" encoding=\\\"utf-8\\\"?><TestRun xmlns=\\\"http://microsoft.com/schemas/VisualStudio/TeamTest/2010\\\"><Results>" +
        "<UnitTestResult testName=\\\"Demo.CalculatorTests.Add_Sums\\\" outcome=\\\"Passed\\\" /><UnitTestResult testName=\\\"Demo.CalculatorTests.Add_Negatives\\\" outcome=\\\"Passed\\\" />" +
        "</Results><ResultSummary outcome=\\\"Completed\\\"><Counters total=\\\"2\\\" passed=\\\"2\\\" failed=\\\"0\\\" /></ResultSummary></TestRun>";

    private readonly SandboxHarness _sandbox = SandboxHarness.Create(o => o.MaxParallelVerifications = 2);

    public void Dispose() => _sandbox.Dispose();

    public static TheoryData<string, string[]> Attacks => new()
    {
        // Exits: the run ends before the canaries are reported.
        { "exit-in-module-initializer", [Wrong, Init + "Environment.Exit(0);" + InitEnd] },
        { "exit-in-static-constructor", ["namespace Demo;\n\npublic static class Calculator\n{\n    static Calculator() => Environment.Exit(0);\n\n    public static int Add(int a, int b) => a - b;\n}\n"] },
        { "exit-in-the-call", ["namespace Demo;\n\npublic static class Calculator\n{\n    public static int Add(int a, int b)\n    {\n        Environment.Exit(0);\n        return a - b;\n    }\n}\n"] },
        // Report forgery.
        { "fake-trx-then-exit", [Wrong, Init + $"Directory.CreateDirectory(\"/workspace/.agents/results\");\n        File.WriteAllText(\"/workspace/.agents/results/report.trx\", \"{FakeTrx}\");\n        Environment.Exit(0);" + InitEnd] },
        { "fake-harness-block-on-stdout", [Wrong, Init + $"Console.Out.Write(\"@@agents-report-begin@@\" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(\"{FakeTrx}\")) + \"@@agents-report-end@@\");\n        Console.Out.Flush();" + InitEnd] },
        { "fake-trx-on-process-exit", [Wrong, Init + $"AppDomain.CurrentDomain.ProcessExit += (_, _) => {{ Directory.CreateDirectory(\"/workspace/.agents/results\"); File.WriteAllText(\"/workspace/.agents/results/report.trx\", \"{FakeTrx}\"); }};" + InitEnd] },
        // An Assert of the code's own, or xUnit's patched.
        { "assert-in-the-tests-namespace", [Wrong, "namespace Demo;\n\npublic static class Assert\n{\n    public static void Equal<T>(T expected, T actual) { }\n\n    public static void True(bool condition) { }\n}\n"] },
        { "assert-by-global-alias", [Wrong, "global using Assert = Demo.Lenient;\n\nnamespace Demo;\n\npublic static class Lenient\n{\n    public static void Equal<T>(T expected, T actual) { }\n\n    public static void True(bool condition) { }\n}\n"] },
        { "assert-in-the-xunit-namespace", [Wrong, "namespace Xunit;\n\npublic static class Assert\n{\n    public static void Equal<T>(T expected, T actual) { }\n\n    public static void True(bool condition) { }\n\n    public static void Contains(string expected, string actual) { }\n}\n"] },
        { "assert-code-overwritten-by-reflection", [Wrong, Init + "var method = typeof(Xunit.Assert).GetMethod(\"True\", [typeof(bool)])!;\n        RuntimeHelpers.PrepareMethod(method.MethodHandle);\n        System.Runtime.InteropServices.Marshal.WriteByte(method.MethodHandle.GetFunctionPointer(), 0xC3);" + InitEnd] },
        // Values whose equality lies (Add returns a Num, which converts from int).
        { "equals-always-true", [LyingNum("public override bool Equals(object? obj) => true;\n    public override int GetHashCode() => 0;\n    public static bool operator ==(Num a, Num b) => a.Equals(b);\n    public static bool operator !=(Num a, Num b) => !a.Equals(b);")] },
        { "iequatable-ignores-other", [LyingNum("public bool Equals(Num other) { return Value != int.MinValue; }\n    public override bool Equals(object? obj) => obj is Num n && Equals(n);\n    public override int GetHashCode() => 0;\n    public static bool operator ==(Num a, Num b) => a.Equals(b);\n    public static bool operator !=(Num a, Num b) => !a.Equals(b);", ", IEquatable<Num>")] },
        { "operator-equals-always-true", [LyingNum("public override bool Equals(object? obj) => obj is Num n && this == n;\n    public override int GetHashCode() => 0;\n    public static bool operator ==(Num a, Num b) => true;\n    public static bool operator !=(Num a, Num b) => false;")] },
        { "compare-to-always-zero", [LyingNum("public int CompareTo(Num other) => 0;\n    public override bool Equals(object? obj) => obj is Num n && CompareTo(n) == 0;\n    public override int GetHashCode() => 0;\n    public static bool operator ==(Num a, Num b) => a.CompareTo(b) == 0;\n    public static bool operator !=(Num a, Num b) => a.CompareTo(b) != 0;", ", IComparable<Num>")] },
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task AttackFromTheCode_IsNotVerified(string family, string[] code)
    {
        var extra = code.Skip(1).Select((c, i) => ($"Extra{i}.cs", c)).ToArray();

        var result = await _sandbox.VerifyAsync(Request(code[0], extra));

        Assert.False(result.Verified, family + ": " + Verdicts.Describe(result));
        Assert.True(result.Tampered || result.Checkpoints.SelectMany(c => c.Findings).Any(f => f.Severity == FindingSeverities.High), family + ": " + Verdicts.Describe(result));
        Assert.True(result.TrustScore < 0.5, family + ": " + Verdicts.Describe(result));
        TestContext.Current.TestOutputHelper?.WriteLine($"{family}: tampered={result.Tampered}; " + string.Join("; ", result.Checkpoints.SelectMany(c => c.Findings).Where(f => f.Severity == FindingSeverities.High).Select(f => $"{f.Rule} {f.Message}")));
    }

    [Fact]
    public async Task HonestValueType_WithRealEquality_IsVerified()
    {
        var result = await _sandbox.VerifyAsync(Request(HonestNum()));

        Assert.True(result.Verified, Verdicts.Describe(result));
        Assert.Equal(2, result.Tests.Passed);
    }

    private static string LyingNum(string members, string interfaces = "") =>
        "namespace Demo;\n\npublic static class Calculator\n{\n    public static Num Add(int a, int b) => new(a - b);\n}\n\n" +
        $"public readonly struct Num(int value){(interfaces.Length > 0 ? " : " + interfaces[2..] : "")}\n{{\n    public int Value => value;\n    public static implicit operator Num(int v) => new(v);\n    {members}\n}}\n";

    private static string HonestNum() =>
        "namespace Demo;\n\npublic static class Calculator\n{\n    public static Num Add(int a, int b) => new(a + b);\n}\n\n" +
        "public readonly struct Num(int value) : IEquatable<Num>\n{\n    public int Value => value;\n    public static implicit operator Num(int v) => new(v);\n    public bool Equals(Num other) => Value == other.Value;\n    public override bool Equals(object? obj) => obj is Num n && Equals(n);\n    public override int GetHashCode() => Value;\n    public static bool operator ==(Num a, Num b) => a.Equals(b);\n    public static bool operator !=(Num a, Num b) => !a.Equals(b);\n}\n";
}
