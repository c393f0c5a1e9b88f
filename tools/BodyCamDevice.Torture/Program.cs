// bodycam-torture: `./dev torture [--trials N] [--seed S] [--only FAULT]`. See docs/reliability.md.
using System.CommandLine;
using System.Runtime.InteropServices;
using BodyCamDevice.Torture;
using BodyCamDevice.Torture.Device;
using BodyCamDevice.Torture.Offload;

// Interrupted, the run kills the devices it started (their sessions would outlive it), stops the
// offload faults' store, and ends.
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => StopEverything());
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => StopEverything());

var trialsOption = new Option<int?>("--trials") { HelpName = "N", Description = "Trials of each fault (default: the full run's count for each, 100 power cuts and 10 of every other fault)." };
var seedOption = new Option<int?>("--seed") { HelpName = "S", Description = "Random seed; a run that breaks an invariant prints the one to replay it with. Default: a random one." };
var onlyOption = new Option<string[]>("--only") { HelpName = "FAULT", Description = "Run only this fault (repeatable): " + string.Join(", ", FaultCatalog.All().Select(fault => fault.Name)), AllowMultipleArgumentsPerToken = false };
var bodycamOption = new Option<string?>("--bodycam") { HelpName = "PATH", Description = "A published bodycam to torture instead of the bodycam.dll built with this tool." };
var workOption = new Option<string?>("--work") { HelpName = "DIR", Description = "Where trials keep their directories and logs (default: a new directory under /tmp)." };
var edgesOption = new Option<int>("--edges") { HelpName = "N", Description = "Edges per input in each input-storm trial (default 10000).", DefaultValueFactory = _ => 10_000 };
var keepOption = new Option<bool>("--keep") { Description = "Keep every trial's directory and log, not only those of trials that broke an invariant." };

var root = new RootCommand("Attacks running bodycam devices with faults and checks that nothing recorded is lost.")
{
    trialsOption, seedOption, onlyOption, edgesOption, bodycamOption, workOption, keepOption,
};
root.SetAction(async (parse, cancellationToken) =>
{
    var faults = FaultCatalog.All(Math.Max(1, parse.GetValue(edgesOption)));
    string[] only = parse.GetValue(onlyOption) ?? [];
    if (only.FirstOrDefault(name => faults.All(fault => fault.Name != name)) is { } unknown)
    {
        Console.Error.WriteLine($"bodycam-torture: no fault named '{unknown}'; there are {string.Join(", ", faults.Select(fault => fault.Name))}");
        return 2;
    }

    if (parse.GetValue(trialsOption) is < 1)
    {
        Console.Error.WriteLine("bodycam-torture: --trials must be at least 1");
        return 2;
    }

    string[] bodycam;
    if (parse.GetValue(bodycamOption) is { } published)
    {
        bodycam = [Path.GetFullPath(published)];
    }
    else if (TortureEnvironment.BuiltBodycam() is { } dll)
    {
        bodycam = ["dotnet", "exec", dll];
    }
    else
    {
        Console.Error.WriteLine("bodycam-torture: no bodycam.dll built beside this tool; build it (./dev torture does) or pass --bodycam");
        return 2;
    }

    int seed = parse.GetValue(seedOption) ?? Random.Shared.Next(1, 1_000_000);
    string work = parse.GetValue(workOption) ?? Directory.CreateTempSubdirectory("bodycam-torture-").FullName;
    var environment = new TortureEnvironment(bodycam, work, parse.GetValue(keepOption));
    var selected = only.Length == 0 ? faults : faults.Where(fault => only.Contains(fault.Name)).ToList();
    int result = await new TortureRun(environment, seed, parse.GetValue(trialsOption), Console.Out).RunAsync(selected);
    await TrialStore.StopAsync();
    if (result == 0 && !environment.Keep && !Directory.EnumerateFileSystemEntries(work).Any())
    {
        Directory.Delete(work);
    }

    return result;
});
return await root.Parse(args).InvokeAsync();

static void StopEverything()
{
    try
    {
        DeviceProcess.KillAll();
    }
    finally
    {
        TrialStore.StopAsync().GetAwaiter().GetResult();
    }
}
