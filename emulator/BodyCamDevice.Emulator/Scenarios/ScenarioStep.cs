// One compiled step of a scenario: its place in the file, what it says it does, and the code
// that does it. Steps are compiled when the file is loaded, so a mistake anywhere in the file is
// reported before anything runs.
namespace BodyCamDevice.Emulator.Scenarios;

/// <param name="Index">1-based position in the file's steps.</param>
/// <param name="IsAction">Actions move the marks that expectations look back to.</param>
internal sealed record ScenarioStep(int Index, int Line, string Kind, string Description, bool IsAction, Func<ScenarioContext, Task> Run)
{
    public override string ToString() => $"step {Index} ({Description})";
}

/// <summary>A scenario file, loaded and compiled.</summary>
/// <param name="VirtualTime">The file says it may run on virtual time (it does not need the camera's real clock).</param>
internal sealed record ScenarioDocument(string Name, string? Description, bool VirtualTime, string? ConfigFile, IReadOnlyList<ScenarioStep> Steps);
