// What the dock takes from the recordings directory: sealed recordings only (the one being
// written is left out, and so is a clip without its manifest), each clip with the files the
// recorder wrote beside it (key object, the manifest's JWS), the MD5 the manifest carries.
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Offload.Recordings;

namespace BodyCamDevice.Offload.Tests.Recordings;

public class RecordingFolderTests
{
    [Test]
    public void SealedRecordingsAreTakenWithEveryFileBesideTheirClipsAndTheActiveOneIsLeftOut()
    {
        using var recordings = new TestRecordings();
        var trigger = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var first = recordings.Make(trigger, clips: 2);
        var active = recordings.Make(trigger.AddMinutes(5), counter: 2);
        var clip = first.Clips[0].Media.Path;
        File.WriteAllText(Path.ChangeExtension(clip, ".key"), "{\"EncryptedKey\":\"…\"}");
        File.WriteAllText(Path.ChangeExtension(clip, ".jws"), "eyJhbGciOiJFUzI1NiJ9.e30.sig");
        // A clip being written: its bytes are there, its manifest not yet.
        File.WriteAllBytes(Path.Combine(recordings.Directory, RecordingNames.ClipFileName(first.RecordingId, 3)), [1, 2, 3]);

        var scan = RecordingFolder.Read(recordings.Directory, active.RecordingId);

        Assert.That(scan.Problems, Is.Empty);
        var found = scan.Recordings.Single();
        Assert.That(found.RecordingId, Is.EqualTo(first.RecordingId), "the recording being written is left out");
        Assert.That(found.Clips.Select(item => item.Index), Is.EqualTo(new[] { 1, 2 }), "the clip without a manifest is not offloaded");
        Assert.That(found.Clips.Select(item => item.Media.Md5), Is.EqualTo(first.Clips.Select(item => item.Media.Md5)), "the MD5 the manifest carries");
        Assert.That(found.Clips[0].Key?.Path, Is.EqualTo(Path.ChangeExtension(clip, ".key")));
        Assert.That(found.Clips[0].ManifestSignature?.Path, Is.EqualTo(Path.ChangeExtension(clip, ".jws")));
        Assert.That(found.Clips[1].Key, Is.Null);
        Assert.That(found.Files.Count(), Is.EqualTo(2 + 2 + 2), "two clips, two manifests, a key and a JWS");
    }

    [Test]
    public void AnUnreadableManifestIsNamedAndItsClipLeftAlone()
    {
        using var recordings = new TestRecordings();
        var recording = recordings.Make(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var manifest = recording.Clips[0].Manifest!.Path;
        File.WriteAllText(manifest, "{ torn");

        var scan = RecordingFolder.Read(recordings.Directory, null);

        Assert.That(scan.Recordings, Is.Empty);
        Assert.That(scan.Problems.Single(), Does.Contain(Path.GetFileName(manifest)).And.Contain("cannot be read"));
        Assert.That(File.Exists(recording.Clips[0].Media.Path), Is.True);
    }
}
