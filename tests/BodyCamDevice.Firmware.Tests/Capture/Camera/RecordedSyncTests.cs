// The ffmpeg camera's test pattern recorded by the whole device, on the real clock (ffmpeg encodes
// in real time): its flash and its tone, made together, must come out of the recorded file
// together. The device's other paths (pre-roll, faults, storage) are tested on virtual time with
// the virtual camera (Capture/Pipeline); this is what only the real encoder can show.
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Recording;
using BodyCamDevice.Firmware.Hardware.Virtual;

namespace BodyCamDevice.Firmware.Tests.Capture.Camera;

[Category("ffmpeg")]
public class RecordedSyncTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        FfmpegRequirement.Check();
        _directory = Directory.CreateTempSubdirectory("bodycam-sync-").FullName;
    }

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task AudioAndVideoInTheRecordedFileAgreeWithinOneFrame()
    {
        // The test camera flashes its top-right quarter and sounds a 1 kHz tone together, for
        // 100 ms at every whole second; the decoded file must show both at the same moment.
        var options = new DeviceOptions();
        options.Camera = CameraTestOptions.Create();
        options.Camera.Audio.InPreRoll = true;
        options.Recording.Directory = _directory;
        options.Recording.PreRecord = TimeSpan.FromSeconds(1);
        options.Recording.BufferBytes = 16 * 1024 * 1024;
        options.Recording.ReserveMegabytes = 1;
        options.Recording.NearFullFraction = 0;
        var validated = ValidatedDeviceOptions.From(options);
        await using var pipeline = new CapturePipeline(validated, TimeProvider.System, "test", FfmpegCameraSource.Factory(), new VirtualStorage());
        using var device = new VirtualDevice(validated, TimeProvider.System, pipeline);
        device.Start();
        FfmpegRequirement.WaitUntil(() => pipeline.Buffer.GetStatistics().BufferedDuration >= TimeSpan.FromSeconds(1.2), TimeSpan.FromSeconds(15), "1.2 s buffered");
        device.Controller.RequestStart(TriggerSource.ControlApi);
        FfmpegRequirement.WaitUntil(() => device.Controller.Status.State == DeviceState.Recording, TimeSpan.FromSeconds(10), "recording");
        Thread.Sleep(4000); // four sync pulses from the encoder, which runs in real time
        device.Controller.RequestStop(StopReason.ControlApi);
        FfmpegRequirement.WaitUntil(() => device.Controller.Status.State == DeviceState.Buffering, TimeSpan.FromSeconds(15), "stopped");

        var clip = Directory.GetFiles(_directory, "*_clip01.mp4").Single();
        var flashes = Onsets(Probe($"movie={clip},crop=iw/4:ih/4:iw*3/4:0,signalstats", "lavfi.signalstats.YAVG"), lit: value => value > 200);
        var tones = Onsets(Probe($"amovie={clip},asetnsamples=n=48,astats=metadata=1:reset=1", "lavfi.astats.Overall.RMS_level"), lit: value => value > -30);
        var pairs = flashes.Where(flash => flash > 0.2).Select(flash => (Flash: flash, Tone: tones.MinBy(tone => Math.Abs(tone - flash)))).ToArray();
        TestContext.Out.WriteLine(string.Join("; ", pairs.Select(pair => $"flash {pair.Flash:0.000} s tone {pair.Tone:0.000} s")));

        Assert.That(pairs, Has.Length.GreaterThanOrEqualTo(3), "several sync pulses in the clip");
        Assert.That(pairs.Select(pair => Math.Abs(pair.Flash - pair.Tone)), Has.All.LessThanOrEqualTo(1.0 / 30), "A/V offset at most one frame (33 ms)");
    }

    // (presentation time in s, value of the tag) per decoded frame of a lavfi graph, via ffprobe.
    private static List<(double Time, double Value)> Probe(string graph, string tag)
    {
        var info = new System.Diagnostics.ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-v", "error", "-f", "lavfi", "-i", graph, "-show_entries", $"frame=pts_time:frame_tags={tag}", "-of", "csv=p=0" })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync();
        var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, errors.Result);
        var values = new List<(double, double)>();
        foreach (var fields in lines.Select(line => line.Trim().Split(',')))
        {
            if (fields.Length == 2 && double.TryParse(fields[0], System.Globalization.CultureInfo.InvariantCulture, out var time)
                && double.TryParse(fields[1], System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                values.Add((time, value));
            }
        }

        return values;
    }

    private static List<double> Onsets(List<(double Time, double Value)> samples, Func<double, bool> lit)
    {
        var onsets = new List<double>();
        var wasLit = true; // a pulse cut by the clip's start is not an onset
        foreach (var (time, value) in samples)
        {
            var isLit = lit(value);
            if (isLit && !wasLit)
            {
                onsets.Add(time);
            }

            wasLit = isLit;
        }

        return onsets;
    }
}
