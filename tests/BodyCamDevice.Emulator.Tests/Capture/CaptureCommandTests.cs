// The headless capture bench, in process: a small test pattern, 2 s buffered, 2 s recorded, and
// a clip whose manifest states the pre-roll and the file's own hash.
using System.Security.Cryptography;
using BodyCamDevice.Emulator.Capture;
using CameraChoice = BodyCamDevice.Firmware.Capture.Camera.CameraChoice;
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.Emulator.Tests.Capture;

[Category("ffmpeg")]
public class CaptureCommandTests
{
    [Test]
    [CancelAfter(40_000)]
    public async Task TheBenchBuffersRecordsAndPrintsAClipWithItsPreRollAndHash()
    {
        RequiredTools.RequireFfmpeg();
        var recordings = Directory.CreateTempSubdirectory("bodycam-capture-").FullName;
        try
        {
            var camera = CameraChoice.TestPattern with { Width = 320, Height = 240, PreRecord = TimeSpan.FromSeconds(2) };
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exitCode = await CaptureCommand.RunAsync(new CaptureArguments(camera, 2, 3, recordings, ConfigFile: null), output, error, CancellationToken.None);
            TestContext.Progress.WriteLine(output.ToString());
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Success), error.ToString());

            var manifestPath = Directory.GetFiles(recordings, "*_clip01.json").Single();
            var manifest = ManifestJson.Parse(await File.ReadAllBytesAsync(manifestPath));
            var clipPath = Path.Combine(recordings, manifest.File.Name);
            await using (var clip = File.OpenRead(clipPath))
            {
                Assert.That(manifest.File.Hash, Is.EqualTo(Convert.ToHexStringLower(await SHA256.HashDataAsync(clip))).IgnoreCase);
            }

            Assert.That(manifest.PreRollSeconds, Is.GreaterThanOrEqualTo(1.5));
            Assert.That(manifest.Frames.VideoFrames, Is.GreaterThan(60));
            Assert.That(output.ToString(), Does.Contain($"clip: {clipPath}").And.Contain($"manifest: {manifestPath}").And.Contain(manifest.File.Hash));
        }
        finally
        {
            Directory.Delete(recordings, recursive: true);
        }
    }

    [Test]
    [CancelAfter(40_000)]
    public async Task RecordIsTheRecordedLengthFromTheTriggerToTheStopTheHoldIncluded()
    {
        RequiredTools.RequireFfmpeg();
        var recordings = Directory.CreateTempSubdirectory("bodycam-capture-").FullName;
        try
        {
            var camera = CameraChoice.TestPattern with { Width = 320, Height = 240, PreRecord = TimeSpan.FromSeconds(1) };
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exitCode = await CaptureCommand.RunAsync(new CaptureArguments(camera, 1, 4, recordings, ConfigFile: null), output, error, CancellationToken.None);
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Success), error.ToString());

            var manifest = ManifestJson.Parse(await File.ReadAllBytesAsync(Directory.GetFiles(recordings, "*_clip01.json").Single()));
            var recorded = (manifest.TriggerOff!.EpochMs - manifest.TriggerOn.EpochMs) / 1000.0;
            Assert.That(recorded, Is.EqualTo(4).Within(0.5), "the trigger (double-press) to the stop (the end of the 3 s hold): --record 4");
            Assert.That(output.ToString(), Does.Contain(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"recorded {recorded:0.###} s (trigger to stop)")), "the printed length is the manifest's");
        }
        finally
        {
            Directory.Delete(recordings, recursive: true);
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ThePreRecordWindowMayBeZeroAsTheConfigurationAllows()
    {
        RequiredTools.RequireFfmpeg();
        var recordings = Directory.CreateTempSubdirectory("bodycam-capture-").FullName;
        try
        {
            var (exitCode, output) = await RunEmulatorAsync("capture", "--source", "testpattern", "--size", "320x240", "--pre", "0", "--record", "3", "--recordings", recordings);
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Success), output);

            var manifest = ManifestJson.Parse(await File.ReadAllBytesAsync(Directory.GetFiles(recordings, "*_clip01.json").Single()));
            Assert.That(manifest.PreRollSeconds, Is.LessThan(1.1), "no window: at most the GOP the trigger fell in");
        }
        finally
        {
            Directory.Delete(recordings, recursive: true);
        }
    }

    [TestCase("--record", "2", "--record must be at least")]
    [TestCase("--record", "NaN", "--record more than 0")]
    [TestCase("--pre", "-1", "--pre must be 0 to 600")]
    public async Task ArgumentsOutOfRangeAreRefusedWithTheirRange(string option, string value, string message)
    {
        var recordings = Directory.CreateTempSubdirectory("bodycam-capture-").FullName;
        try
        {
            var (exitCode, output) = await RunEmulatorAsync("capture", "--source", "testpattern", option, value, "--recordings", recordings);
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Usage), output);
            Assert.That(output, Does.Contain(message));
            Assert.That(Directory.GetFileSystemEntries(recordings), Is.Empty, "nothing recorded");
        }
        finally
        {
            Directory.Delete(recordings, recursive: true);
        }
    }

    [Test]
    public async Task APortOutsideTheRangeIsABadCommandLineNotACrash()
    {
        var (exitCode, output) = await RunEmulatorAsync("--headless", "--camera", "virtual", "--port", "70000");
        Assert.That(exitCode, Is.EqualTo(ExitCodes.Usage), output);
        Assert.That(output, Does.Contain("--port must be from 0 to 65535"));
    }

    // The emulator as a process: its command line is what is under test.
    private static async Task<(int ExitCode, string Output)> RunEmulatorAsync(params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "BodyCamDevice.Emulator.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    [Test]
    public void CameraChoicesParseAsDocumented()
    {
        Assert.That(CameraChoice.Parse("file:/no/such/file.mp4", out var missing), Is.Null);
        Assert.That(missing, Does.Contain("not found"));
        Assert.That(CameraChoice.Parse("virtual", out _)!.IsVirtual, Is.True);
        Assert.That(CameraChoice.Parse("testpattern", out _)!.IsVirtual, Is.False);
        Assert.That(CameraChoice.Parse("v4l2", out _)!.Path, Is.EqualTo("/dev/video0"));
        Assert.That(CameraChoice.Parse("webcam", out var unknown), Is.Null);
        Assert.That(unknown, Does.Contain("testpattern"));
    }
}
