// `bodycam selftest`: bring-up of a board (BoardSelfTest), or with --virtual the firmware's
// scripted scenario on virtual pins (VirtualSelfTest), which exits 0 only if every check passed.
using BodyCamDevice.Device.Configuration;
using BodyCamDevice.Device.Drivers;
using BodyCamDevice.Device.SelfTest;
using BodyCamDevice.Firmware.Configuration;

namespace BodyCamDevice.Device.Commands;

internal static class SelfTestCommand
{
    /// <summary>Shortest watch of the red LED that still shows two blink periods at the default 1 Hz.</summary>
    public const double MinimumVirtualSeconds = 2;

    /// <param name="configPath">Null: the default path, or (virtual only) the firmware's defaults.</param>
    /// <param name="seconds">Per output on a board; how long the red LED is watched with --virtual. Null: 2 s and 3 s.</param>
    /// <param name="drivers">The board's drivers; null: libgpiod.</param>
    public static async Task<int> RunAsync(string? configPath, bool isVirtual, double? seconds, TextWriter output, TextWriter error, CancellationToken cancellationToken, IDeviceDrivers? drivers = null)
    {
        var watch = seconds ?? (isVirtual ? 3 : 2);
        var shortest = isVirtual ? MinimumVirtualSeconds : 0.1;
        if (!(watch >= shortest && watch <= 60))
        {
            await error.WriteLineAsync($"bodycam: --seconds must be from {shortest} to 60, not {watch}.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        DeviceOptions options;
        var path = configPath ?? (isVirtual ? null : DeviceConfigFile.DefaultPath);
        if (path is null)
        {
            options = new DeviceOptions();
        }
        else
        {
            var loaded = DeviceConfigFile.Load(path);
            if (loaded.Options is null)
            {
                DeviceConfigFile.Report(error, path, loaded.Errors);
                return ExitCodes.InvalidConfiguration;
            }

            options = loaded.Options;
        }

        if (isVirtual)
        {
            // The clip the self-test records goes to a scratch directory, removed afterwards: a
            // self-test's recording is not footage.
            var scratch = Directory.CreateTempSubdirectory("bodycam-selftest-");
            try
            {
                options.Recording.Directory = scratch.FullName;
                var checks = await new VirtualSelfTest(ValidatedDeviceOptions.From(options), TimeSpan.FromSeconds(watch), TimeProvider.System).RunAsync(output, cancellationToken).ConfigureAwait(false);
                var failed = checks.Count(check => !check.Passed);
                await output.WriteLineAsync(failed == 0 ? $"selftest: PASS ({checks.Count} checks)" : $"selftest: FAIL ({failed} of {checks.Count} checks failed)").ConfigureAwait(false);
                return failed == 0 ? ExitCodes.Success : ExitCodes.CheckFailed;
            }
            finally
            {
                scratch.Delete(recursive: true);
            }
        }

        try
        {
            await new BoardSelfTest(ValidatedDeviceOptions.From(options), drivers ?? new LibgpiodDrivers(), TimeSpan.FromSeconds(watch), TimeProvider.System).RunAsync(output, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (HardwareUnavailableException exception)
        {
            await error.WriteLineAsync("bodycam: " + exception.Message).ConfigureAwait(false);
            return ExitCodes.HardwareUnavailable;
        }
    }
}
