// What every fault shares: how to run bodycam (the built bodycam.dll of this tree, or a published
// build), where trials keep their directories, and the run's random seed.
namespace BodyCamDevice.Torture;

internal sealed class TortureEnvironment
{
    public TortureEnvironment(IReadOnlyList<string> bodycamCommand, string workRoot, bool keep)
    {
        BodycamCommand = bodycamCommand;
        WorkRoot = Directory.CreateDirectory(workRoot).FullName;
        Keep = keep;
    }

    /// <summary>The program and leading arguments that run bodycam (`dotnet exec …/bodycam.dll`, or a published `bodycam`).</summary>
    public IReadOnlyList<string> BodycamCommand { get; }

    public string WorkRoot { get; }

    /// <summary>Keep every trial's directory (by default only those of trials that broke an invariant).</summary>
    public bool Keep { get; }

    /// <summary>bodycam.dll built beside this tool (the project builds the device first), else null.</summary>
    public static string? BuiltBodycam()
    {
        // .../tools/BodyCamDevice.Torture/bin/<Configuration>/net10.0/
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        string configuration = output.Parent!.Name;
        for (var directory = output; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BodyCamDevice.sln")))
            {
                string dll = Path.Combine(directory.FullName, "firmware", "BodyCamDevice.Device", "bin", configuration, output.Name, "bodycam.dll");
                return File.Exists(dll) ? dll : null;
            }
        }

        return null;
    }
}
