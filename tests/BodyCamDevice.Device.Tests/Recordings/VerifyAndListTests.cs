// `bodycam verify` and `bodycam recordings list` on a clip the firmware really recorded: the
// capture pipeline over ffmpeg's test pattern on virtual pins, its manifest signed with a device
// key in a state directory, triggered and stopped once for the fixture. The clip verifies; a copy
// with one byte changed, a copy without its manifest, a torn manifest and a renamed copy do not,
// each with its own exit code.
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Recording;
using BodyCamDevice.Firmware.Evidence;
using BodyCamDevice.Firmware.Hardware.Virtual;

namespace BodyCamDevice.Device.Tests.Recordings;

[Category("ffmpeg")]
public class VerifyAndListTests
{
    private string _recordings = null!;
    private string _state = null!;
    private string _copies = null!;
    private ClipManifest _manifest = null!;
    private string _clip = null!;

    [OneTimeSetUp]
    public async Task RecordAClip()
    {
        _recordings = Directory.CreateTempSubdirectory("bodycam-recordings-").FullName;
        _state = Directory.CreateTempSubdirectory("bodycam-state-").FullName;
        var options = new DeviceOptions();
        options.Identity.DeviceSerial = "BC-VERIFY1";
        options.Recording.ReserveMegabytes = 1;
        options.Recording.NearFullFraction = 0;
        options.Audit.Path = Path.Combine(_recordings, "..", Path.GetFileName(_recordings) + "-audit.jsonl");
        (CameraChoice.TestPattern with { Width = 320, Height = 240, PreRecord = TimeSpan.FromSeconds(1) }).Apply(options, _recordings);

        var validated = ValidatedDeviceOptions.From(options);
        using var evidence = DeviceEvidence.Open(_state, options, "test", TimeProvider.System);
        await using (var pipeline = new CapturePipeline(validated, TimeProvider.System, "test", FfmpegCameraSource.Factory(), new DriveInfoStorageSpace(), evidence.Clips))
        {
            using var device = new VirtualDevice(validated, TimeProvider.System, pipeline);
            device.Start();
            await WaitUntilAsync(() => pipeline.Buffer.GetStatistics().BufferedDuration >= TimeSpan.FromSeconds(1.2), "buffered");
            device.Controller.RequestStart(TriggerSource.ControlApi);
            await WaitUntilAsync(() => device.Controller.Status.State == DeviceState.Recording, "recording");
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            device.Controller.RequestStop(StopReason.ControlApi);
            await WaitUntilAsync(() => device.Controller.Status.State == DeviceState.Buffering && pipeline.CurrentRecording.IsCompleted, "sealed");
        }

        var manifestPath = Directory.GetFiles(_recordings, "*_clip01.json").Single();
        _manifest = ManifestJson.Parse(File.ReadAllBytes(manifestPath));
        _clip = Path.Combine(_recordings, _manifest.File.Name);
    }

    [OneTimeTearDown]
    public void RemoveRecordings()
    {
        Directory.Delete(_recordings, recursive: true);
        Directory.Delete(_state, recursive: true);
        File.Delete(Path.Combine(Path.GetDirectoryName(_recordings)!, Path.GetFileName(_recordings) + "-audit.jsonl"));
    }

    [SetUp]
    public void CreateCopies() => _copies = Directory.CreateTempSubdirectory("bodycam-copies-").FullName;

    [TearDown]
    public void RemoveCopies() => Directory.Delete(_copies, recursive: true);

    [Test]
    public void TheRecordedClipMatchesItsManifest()
    {
        var (exitCode, output, error) = Verify(_clip);

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output, Does.StartWith($"verify {_clip}: 1 clip(s); device key "));
        Assert.That(output, Does.Match($"{Path.GetFileName(_clip)} +1  ok +ok +ok +clear +no +ok"));
        Assert.That(output, Does.EndWith("ok: every check passed"));
    }

    [Test]
    public void ACopyWithOneByteChangedIsAMismatch()
    {
        var copy = Copy(withManifest: true);
        using (var file = new FileStream(copy, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = file.Length / 2;
            var value = file.ReadByte();
            file.Position = file.Length / 2;
            file.WriteByte((byte)(value ^ 0x01));
        }

        var (exitCode, _, error) = Verify(copy);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(error, Does.StartWith("FAILED (1):"));
        Assert.That(error, Does.Contain($"{Path.GetFileName(copy)}: hash: SHA-256 ").And.Contain($"the manifest says {_manifest.File.Hash}"));
    }

    [Test]
    public void ACopyWithoutItsManifestIsReportedAsSuch()
    {
        var copy = Copy(withManifest: false);

        var (exitCode, _, error) = Verify(copy);

        Assert.That(exitCode, Is.EqualTo(5));
        Assert.That(error, Does.Contain($"{Path.GetFileName(copy)}: manifest: no manifest beside it"));
    }

    [Test]
    public void ATornManifestIsUnreadable()
    {
        var copy = Copy(withManifest: true);
        var manifest = Path.ChangeExtension(copy, ".json");
        File.WriteAllText(manifest, File.ReadAllText(manifest)[..100]);

        var (exitCode, _, error) = Verify(copy);

        Assert.That(exitCode, Is.EqualTo(6));
        Assert.That(error, Does.Contain($"{Path.GetFileName(copy)}: manifest: unreadable"));
    }

    [Test]
    public void ARenamedCopyDoesNotPassForItsManifest()
    {
        var renamed = Path.Combine(_copies, "BC-VERIFY1_20990101T000000Z_0001_clip01.mp4");
        File.Copy(_clip, renamed);
        File.Copy(Path.ChangeExtension(_clip, ".json"), Path.ChangeExtension(renamed, ".json"));

        var (exitCode, _, error) = Verify(renamed);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(error, Does.Contain($"manifest: is for {_manifest.File.Name}, not this clip"));
    }

    [Test]
    public void AMissingClipIsUnreadable()
    {
        var (exitCode, _, error) = Verify(Path.Combine(_copies, "none.mp4"));

        Assert.That(exitCode, Is.EqualTo(6));
        Assert.That(error, Does.Contain("no such clip or folder"));
    }

    [Test]
    public void RecordingsListShowsEachClipFromItsManifest()
    {
        Copy(withManifest: true);
        File.Copy(_clip, Path.Combine(_copies, "unsealed_clip01.mp4"));

        var (exitCode, output, error) = Bodycam.Run(["recordings", "list", "--dir", _copies]);

        Assert.That(exitCode, Is.Zero, error);
        var lines = output.Split('\n');
        Assert.That(lines[0], Is.EqualTo($"2 clips in {_copies}"));
        Assert.That(lines[1], Does.StartWith("RECORDING"));
        var row = lines.Single(line => line.StartsWith(_manifest.RecordingId, StringComparison.Ordinal));
        Assert.That(row, Does.Contain(_manifest.Clip.StartUtc));
        Assert.That(row, Does.Contain($"{_manifest.Clip.DurationSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} s"));
        Assert.That(row, Does.Contain(new FileInfo(_clip).Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(row, Does.Contain("Stopped"));
        Assert.That(lines.Single(line => line.Contains("unsealed_clip01.mp4", StringComparison.Ordinal)), Does.Contain("no manifest"));
    }

    [Test]
    public void RecordingsListOfAMissingDirectoryIsUnreadable()
    {
        var (exitCode, _, error) = Bodycam.Run(["recordings", "list", "--dir", Path.Combine(_copies, "none")]);

        Assert.That(exitCode, Is.EqualTo(6));
        Assert.That(error, Does.Contain("cannot list recordings"));
    }

    private (int ExitCode, string Output, string Error) Verify(string path) => Bodycam.Run(["verify", path, "--state-dir", _state]);

    private string Copy(bool withManifest)
    {
        var copy = Path.Combine(_copies, Path.GetFileName(_clip));
        File.Copy(_clip, copy);
        if (withManifest)
        {
            File.Copy(Path.ChangeExtension(_clip, ".json"), Path.ChangeExtension(copy, ".json"));
        }

        return copy;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.Fail($"{what}: not within 30 s");
            }

            await Task.Delay(20);
        }
    }
}
