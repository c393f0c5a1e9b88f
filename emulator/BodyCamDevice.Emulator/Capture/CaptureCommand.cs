// `emulator capture`: a bench for the capture pipeline without a rig. The device runs headless on
// virtual pins with the chosen virtual camera on the real clock; once the pre-record window is
// buffered, the record button's pin is double-pressed as a person would, and the button is held
// to stop so that the recording ends the given seconds after the double-press: --record is the
// recorded length (trigger to stop, as the manifest states them), the stop gesture included, so
// it is at least Buttons.HoldToStop (3 s). Then the clips and manifests are printed (pre-roll,
// recorded length, frame count, SHA-256, checked against the file). Exit 0 when all of that
// worked, ExitCodes.Usage for a --record shorter than the hold, ExitCodes.CaptureFailed with the
// reason on stderr otherwise.
using System.Globalization;
using System.Security.Cryptography;
using BodyCamDevice.Emulator.Rig;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core;

namespace BodyCamDevice.Emulator.Capture;

internal static class CaptureCommand
{
    private static readonly TimeSpan PressLength = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan PressGap = TimeSpan.FromMilliseconds(150);

    // A hand holds a little longer than the firmware needs.
    private static readonly TimeSpan HoldMargin = TimeSpan.FromMilliseconds(300);

    public static async Task<int> RunAsync(CaptureArguments arguments, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (FfmpegOnPath.Find() is null)
        {
            await error.WriteLineAsync("capture: ffmpeg is not on PATH (apt-get install -y ffmpeg).");
            return ExitCodes.CaptureFailed;
        }

        if (arguments.Camera.Source == Firmware.Capture.Camera.CameraSourceKind.V4L2 && !File.Exists(arguments.Camera.Path))
        {
            await error.WriteLineAsync($"capture: no video device at {arguments.Camera.Path} (is a webcam connected? try v4l2:/dev/videoN).");
            return ExitCodes.CaptureFailed;
        }

        DeviceOptions options;
        try
        {
            options = arguments.ConfigFile is { } file ? DeviceOptionsJson.Load(file.FullName) : new DeviceOptions();
        }
        catch (InvalidConfigurationException exception)
        {
            await error.WriteLineAsync(exception.Message);
            return ExitCodes.Usage;
        }

        var holdToStop = options.Buttons.HoldToStop;
        if (TimeSpan.FromSeconds(arguments.RecordSeconds) < holdToStop)
        {
            await error.WriteLineAsync($"capture: --record must be at least {holdToStop.TotalSeconds:0.###} s (Buttons.HoldToStop): it is the recorded length, from the double-press to the end of the hold that stops the recording.");
            return ExitCodes.Usage;
        }

        var recordings = Path.GetFullPath(arguments.RecordingsDirectory);
        Directory.CreateDirectory(recordings);
        var before = Directory.GetFiles(recordings, "*.json").ToHashSet();
        try
        {
            await using var device = new EmulatedDevice(options, TimeProvider.System, recordings, arguments.Camera);
            var capture = device.Capture;
            var controller = device.Device.Controller;
            await output.WriteLineAsync($"capture: camera {arguments.Camera} {options.Camera.Width}x{options.Camera.Height}@{options.Camera.FrameRate}, pre-record {arguments.PreSeconds:0.##} s, record {arguments.RecordSeconds:0.##} s, recordings {recordings}");
            device.Start();

            await WaitAsync(() => controller.Status.State == DeviceState.Buffering, TimeSpan.FromSeconds(20), "the device to start buffering (is the camera working?)", controller, cancellationToken);
            var pre = TimeSpan.FromSeconds(arguments.PreSeconds);
            await WaitAsync(() => capture.Buffer.GetStatistics().BufferedDuration >= pre, pre + TimeSpan.FromSeconds(20), $"{arguments.PreSeconds:0.##} s buffered", controller, cancellationToken);
            await output.WriteLineAsync($"capture: {capture.Buffer.GetStatistics().BufferedDuration.TotalSeconds:0.00} s buffered; double-pressing the record button");

            await PressAsync(device, PressLength, cancellationToken);
            await Task.Delay(PressGap, cancellationToken);
            var trigger = TimeProvider.System.GetTimestamp(); // the second press makes the double-press
            await PressAsync(device, PressLength, cancellationToken);
            await WaitAsync(() => controller.Status.State == DeviceState.Recording, TimeSpan.FromSeconds(15), "the recording to start", controller, cancellationToken);
            var recordingId = controller.Status.RecordingId;
            await output.WriteLineAsync($"capture: recording {recordingId}");

            // The hold stops the recording once it has lasted Buttons.HoldToStop: it begins that
            // long before the recording is to end.
            var holdAt = TimeSpan.FromSeconds(arguments.RecordSeconds) - holdToStop - TimeProvider.System.GetElapsedTime(trigger);
            if (holdAt > TimeSpan.Zero)
            {
                await Task.Delay(holdAt, cancellationToken);
            }

            await output.WriteLineAsync("capture: holding the record button to stop");
            await PressAsync(device, holdToStop + HoldMargin, cancellationToken);
            await WaitAsync(() => controller.Status.State != DeviceState.Recording, TimeSpan.FromSeconds(15), "the recording to stop", controller, cancellationToken);
            await WaitAsync(() => capture.CurrentRecording.IsCompleted, TimeSpan.FromSeconds(30), "the last clip to be sealed", controller, cancellationToken);

            var manifests = Directory.GetFiles(recordings, "*_clip*.json").Where(path => !before.Contains(path)).Order(StringComparer.Ordinal).ToArray();
            await WaitAsync(() => (manifests = Directory.GetFiles(recordings, "*_clip*.json").Where(path => !before.Contains(path)).Order(StringComparer.Ordinal).ToArray()).Length > 0, TimeSpan.FromSeconds(10), "the manifest", controller, cancellationToken);
            foreach (var manifestPath in manifests)
            {
                var manifest = ManifestJson.Parse(await File.ReadAllBytesAsync(manifestPath, cancellationToken));
                var clipPath = Path.Combine(recordings, manifest.File.Name);
                if (!File.Exists(clipPath))
                {
                    throw new CaptureFailedException($"the clip {clipPath} named by {manifestPath} is missing");
                }

                var hash = await Sha256Async(clipPath, cancellationToken);
                if (!string.Equals(hash, manifest.File.Hash, StringComparison.OrdinalIgnoreCase))
                {
                    throw new CaptureFailedException($"{clipPath} hashes to {hash}, its manifest says {manifest.File.Hash}");
                }

                await output.WriteLineAsync($"clip: {clipPath}");
                await output.WriteLineAsync($"manifest: {manifestPath}");
                var recorded = manifest.TriggerOff is { } off ? string.Create(CultureInfo.InvariantCulture, $"  recorded {(off.EpochMs - manifest.TriggerOn.EpochMs) / 1000.0:0.###} s (trigger to stop)") : "";
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  preRollSeconds: {manifest.PreRollSeconds:0.###}{recorded}  video frames: {FrameCount(manifest)}  sha256: {manifest.File.Hash} (matches the file)"));
            }

            return ExitCodes.Success;
        }
        catch (CaptureFailedException exception)
        {
            await error.WriteLineAsync($"capture failed: {exception.Message}");
            return ExitCodes.CaptureFailed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("capture interrupted");
            return ExitCodes.CaptureFailed;
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or InvalidConfigurationException or FormatException or System.Text.Json.JsonException)
        {
            await error.WriteLineAsync($"capture failed: {exception.Message}");
            return ExitCodes.CaptureFailed;
        }
    }

    private static string FrameCount(ClipManifest manifest) => manifest.Frames.VideoFrames.ToString(CultureInfo.InvariantCulture);

    private static async Task PressAsync(EmulatedDevice device, TimeSpan length, CancellationToken cancellationToken)
    {
        device.Inputs.Set(DeviceInput.RecordButton, true);
        try
        {
            await Task.Delay(length, cancellationToken);
        }
        finally
        {
            device.Inputs.Set(DeviceInput.RecordButton, false);
        }
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan timeout, string what, DeviceController controller, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                var status = controller.Status;
                throw new CaptureFailedException($"timed out after {timeout.TotalSeconds:0.#} s waiting for {what}; the device is {status.State}{(status.Alarms.Count > 0 ? $" with alarms {string.Join(", ", status.Alarms)}" : "")}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private sealed class CaptureFailedException(string message) : Exception(message);
}
