// `bodycam config check FILE`: the same load and validation as `run`, and nothing else (no pin,
// no file written). Prints a short summary of what the file sets up, or every error. On a device
// that encrypts its recordings (its state directory says so), a file that turns encryption off
// is refused, as `run` refuses it.
using BodyCamDevice.Device.Configuration;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Evidence.Encryption;

namespace BodyCamDevice.Device.Commands;

internal static class ConfigCheckCommand
{
    /// <param name="stateDirectory">The device's state directory; null checks the file alone.</param>
    public static int Run(string path, TextWriter output, TextWriter error, string? stateDirectory = null)
    {
        var loaded = DeviceConfigFile.Load(path);
        if (loaded.Options is not { } options)
        {
            DeviceConfigFile.Report(error, path, loaded.Errors);
            return ExitCodes.InvalidConfiguration;
        }

        if (stateDirectory is not null && EncryptionLock.Check(stateDirectory, options.Encryption) is { } refused)
        {
            DeviceConfigFile.Report(error, path, [refused]);
            return ExitCodes.InvalidConfiguration;
        }

        output.WriteLine($"ok: {path}");
        output.WriteLine($"  device {options.Identity.DeviceSerial}, officer {options.Identity.OfficerId}");
        output.WriteLine($"  pins on /dev/gpiochip{options.Pins.GpioChip}: {Summary(options.Pins)}");
        var camera = options.Camera;
        output.WriteLine($"  camera {camera.Source} {camera.Width}x{camera.Height}@{camera.FrameRate} {camera.BitrateKbps} kbit/s, audio {(camera.Audio.Enabled ? camera.Audio.Source.ToString() : "off")}");
        output.WriteLine($"  pre-record {options.Recording.PreRecord.TotalSeconds:0.##} s, clips of {options.Recording.ClipLength.TotalMinutes:0.##} min in {options.Recording.Directory}");
        output.WriteLine($"  audit log {options.Audit.Path}");
        output.WriteLine(options.Encryption.Enabled ? $"  recordings encrypted to key {options.Encryption.PublicKeyId}" : "  recordings stored in clear");
        return ExitCodes.Success;
    }

    private static string Summary(PinMapOptions pins)
    {
        static string Input(string name, InputPinOptions input) => input.Enabled ? $"{name} GPIO{input.Pin}" : $"{name} off";
        static string Light(string name, LightOutputOptions light) => light.Pwm is { } pwm ? $"{name} PWM{pwm.Chip}/{pwm.Channel}" : $"{name} GPIO{light.Pin}";
        var beeper = pins.Beeper.Kind switch
        {
            BeeperKind.PassivePiezo => $"beeper PWM{pins.Beeper.Pwm.Chip}/{pins.Beeper.Pwm.Channel}",
            BeeperKind.ActiveBuzzer => $"beeper GPIO{pins.Beeper.Pin}",
            _ => "beeper none",
        };
        return string.Join(", ",
            Input("record", pins.RecordButton),
            Input("function", pins.FunctionButton),
            Input("dock", pins.DockDetect),
            Input("trigger", pins.ExternalTrigger),
            Light("red", pins.RecordIndicator),
            Light("green", pins.StatusLed),
            beeper,
            pins.Vibration.Enabled ? $"vibration GPIO{pins.Vibration.Pin}" : "vibration off");
    }
}
