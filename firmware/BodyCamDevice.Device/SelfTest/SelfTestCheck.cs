namespace BodyCamDevice.Device.SelfTest;

/// <summary>One self-test check: what was expected, whether the device did it, and what was seen.</summary>
internal sealed record SelfTestCheck(string Name, bool Passed, string Detail)
{
    public override string ToString() => $"{(Passed ? "PASS" : "FAIL")}  {Name}: {Detail}";
}
