// Keys on stdin, a line at a time: a console cannot see a key being released, so each key is a
// whole gesture that the rig's finger performs with real timing. Several keys on one line run one
// after another ("dph" = start, marker, stop). End of input quits like 'q'. The web page, with
// real press and release, is the better way to hold a button.
using BodyCamDevice.ControlApi.Rig;
using BodyCamDevice.Emulator.Rig;
using BodyCamDevice.Firmware.Core;

namespace BodyCamDevice.Emulator;

internal sealed class InteractiveConsole(EmulatedDevice device, ConsoleTrace trace)
{
    /// <summary>Pause after each gesture, as a hand needs before the next one.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(200);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        PrintHelp();
        while (true)
        {
            // ReadLine cannot be cancelled; waiting on it lets Ctrl+C end the run anyway.
            var line = await Task.Run(Console.ReadLine, cancellationToken).WaitAsync(cancellationToken);
            if (line is null)
            {
                trace.Note("end of input");
                return ExitCodes.Success;
            }

            foreach (var key in line.Where(character => !char.IsWhiteSpace(character)))
            {
                if (!await PerformAsync(char.ToLowerInvariant(key), cancellationToken))
                {
                    return ExitCodes.Success;
                }
            }
        }
    }

    /// <returns>False when the key was 'q'.</returns>
    private async Task<bool> PerformAsync(char key, CancellationToken cancellationToken)
    {
        var buttons = device.Device.Options.Buttons;
        var finger = device.Rig.Finger;
        var hold = (TimeSpan time) => time + (RigFinger.DefaultHold - TimeSpan.FromSeconds(3));
        switch (key)
        {
            case 'd':
                trace.Note("double-press record button");
                await finger.DoublePressAsync(DeviceInput.RecordButton, RigFinger.DefaultPress, RigFinger.DefaultGap, cancellationToken);
                break;
            case 'p':
                trace.Note("press record button");
                await finger.PressAsync(DeviceInput.RecordButton, RigFinger.DefaultPress, cancellationToken);
                break;
            case 'h':
                trace.Note($"hold record button {buttons.HoldToStop.TotalSeconds:0.#} s");
                await finger.PressAsync(DeviceInput.RecordButton, hold(buttons.HoldToStop), cancellationToken);
                break;
            case 'f':
                trace.Note($"hold function button {buttons.HoldForStealth.TotalSeconds:0.#} s");
                await finger.PressAsync(DeviceInput.FunctionButton, hold(buttons.HoldForStealth), cancellationToken);
                break;
            case 'm':
                trace.Note("press function button");
                await finger.PressAsync(DeviceInput.FunctionButton, RigFinger.DefaultPress, cancellationToken);
                break;
            case 'k':
                var docked = device.Inputs.IsActive(DeviceInput.DockDetect);
                trace.Note(docked ? "take out of dock" : "put into dock");
                device.Inputs.Set(DeviceInput.DockDetect, !docked);
                break;
            case 't':
                trace.Note("external trigger pulse");
                await finger.PressAsync(DeviceInput.ExternalTrigger, RigFinger.DefaultPress, cancellationToken);
                break;
            case 's':
                trace.PrintStatus();
                return true;
            case 'q':
                trace.Note("quit");
                return false;
            default:
                PrintHelp();
                return true;
        }

        await Task.Delay(Settle, device.Device.Time, cancellationToken);
        return true;
    }

    private static void PrintHelp()
    {
        Console.WriteLine("""
            Keys (type one or more, then Enter):
              d  double-press record button (start)     p  press record button (marker while recording)
              h  hold record button (stop)              m  press function button (marker)
              f  hold function button (stealth)         k  put into / take out of dock
              t  external trigger pulse                 s  status
              q  quit
            """);
    }
}
