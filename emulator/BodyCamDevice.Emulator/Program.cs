// Entry point of the console emulator: parses the command line and hands over to EmulatorSession.
// Exit codes: 0 done, 1 the demo's checks failed, 2 bad command line or configuration.
using System.CommandLine;

namespace BodyCamDevice.Emulator;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var demo = new Option<bool>("--demo")
        {
            Description = "Run the scripted demo (boot, double-press, marker, hold to stop) and exit. Also the behaviour when stdin is not a terminal.",
        };
        var config = new Option<FileInfo?>("--config")
        {
            HelpName = "FILE",
            Description = "Device configuration as JSON (DeviceOptions); defaults are used without it.",
        };
        var audit = new Option<bool>("--audit")
        {
            Description = "Also print every audit-trail entry as it is appended.",
        };

        var root = new RootCommand("BodyCamDevice emulator: the device firmware on virtual pins, printing LED, beeper and vibration changes as they happen.")
        {
            demo,
            config,
            audit,
        };
        root.SetAction((parseResult, cancellationToken) => EmulatorSession.RunAsync(
            new EmulatorArguments(parseResult.GetValue(demo), parseResult.GetValue(config), parseResult.GetValue(audit)),
            cancellationToken));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine(error.Message);
            }

            Console.Error.WriteLine("Try --help.");
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync();
    }
}
