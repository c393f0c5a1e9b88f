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
            var exitCode = await CaptureCommand.RunAsync(new CaptureArguments(camera, 2, 2, recordings, ConfigFile: null), output, error, CancellationToken.None);
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
