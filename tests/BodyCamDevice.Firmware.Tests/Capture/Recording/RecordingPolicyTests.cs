// The pure parts of the writer: storage thresholds, recording and file names, the manifest file.
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.Firmware.Tests.Capture.Recording;

public class RecordingPolicyTests
{
    private const long Megabyte = 1024 * 1024;

    [TestCase(50_000, StorageLevel.Ok)]
    [TestCase(10_000, StorageLevel.Ok)]
    [TestCase(9_999, StorageLevel.NearFull)]
    [TestCase(257, StorageLevel.NearFull)]
    [TestCase(256, StorageLevel.Full)]
    [TestCase(0, StorageLevel.Full)]
    public void Storage_is_near_full_below_a_tenth_and_full_at_the_reserve(long freeMegabytes, StorageLevel expected)
    {
        var space = new StorageSpace(freeMegabytes * Megabyte, 100_000 * Megabyte);

        Assert.That(StoragePolicy.Evaluate(space, new StorageOptions()), Is.EqualTo(expected));
    }

    [Test]
    public void A_near_full_size_in_bytes_counts_when_it_is_larger_than_the_share()
    {
        var options = new StorageOptions { NearFullFraction = 0.10, NearFullBytes = 20_000 * Megabyte };

        Assert.That(StoragePolicy.Evaluate(new StorageSpace(15_000 * Megabyte, 100_000 * Megabyte), options), Is.EqualTo(StorageLevel.NearFull));
        Assert.That(StoragePolicy.Evaluate(new StorageSpace(25_000 * Megabyte, 100_000 * Megabyte), options), Is.EqualTo(StorageLevel.Ok));
    }

    [Test]
    public void The_drive_adapter_reports_the_volume_of_the_directory()
    {
        StorageSpace space = new DriveInfoStorageSpace().Measure(Path.GetTempPath());

        Assert.That(space.TotalBytes, Is.GreaterThan(0));
        Assert.That(space.FreeBytes, Is.InRange(0, space.TotalBytes));
    }

    [Test]
    public void Recording_ids_are_serial_utc_start_and_counter()
    {
        var start = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.FromHours(1));

        Assert.That(RecordingNames.Format("BC-000123", start, 1), Is.EqualTo("BC-000123_20260301T090000Z_0001"));
        Assert.That(RecordingNames.ClipFileName("BC-000123_20260301T090000Z_0001", 2), Is.EqualTo("BC-000123_20260301T090000Z_0001_clip02.mp4"));
        Assert.That(RecordingNames.ManifestFileName("BC-000123_20260301T090000Z_0001", 2), Is.EqualTo("BC-000123_20260301T090000Z_0001_clip02.json"));
    }

    [Test]
    public void An_id_whose_files_exist_is_skipped_so_a_repeated_clock_second_overwrites_nothing()
    {
        string directory = Directory.CreateTempSubdirectory("bodycam-names-").FullName;
        try
        {
            var start = new DateTimeOffset(1970, 1, 1, 0, 0, 5, TimeSpan.Zero);
            File.WriteAllText(Path.Combine(directory, "BC-1_19700101T000005Z_0001_clip01.mp4"), "");
            File.WriteAllText(Path.Combine(directory, "BC-1_19700101T000005Z_0002_clip01.json"), "");
            var names = new RecordingNames("BC-1", directory);

            Assert.That(names.NextRecordingId(start), Is.EqualTo("BC-1_19700101T000005Z_0003"));
            Assert.That(names.NextRecordingId(start), Is.EqualTo("BC-1_19700101T000005Z_0004"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestCase("BC 1")]
    [TestCase("../x")]
    [TestCase("")]
    public void A_serial_that_cannot_name_a_file_is_refused(string serial)
    {
        Assert.Throws<ArgumentException>(() => _ = new RecordingNames(serial, Path.GetTempPath()));
    }

    [Test]
    public void A_manifest_is_written_whole_and_never_over_an_existing_one()
    {
        string directory = Directory.CreateTempSubdirectory("bodycam-manifest-").FullName;
        try
        {
            string path = Path.Combine(directory, "x_clip01.json");
            ClipManifest manifest = SampleManifest();

            ManifestJson.WriteAtomically(path, manifest);

            Assert.That(ManifestJson.Serialize(ManifestJson.Parse(File.ReadAllBytes(path))), Is.EqualTo(ManifestJson.Serialize(manifest)));
            Assert.That(Directory.GetFiles(directory), Has.Length.EqualTo(1));
            Assert.Throws<IOException>(() => ManifestJson.WriteAtomically(path, manifest with { OfficerId = "someone else" }));
            Assert.That(ManifestJson.Parse(File.ReadAllBytes(path)).OfficerId, Is.EqualTo("PC-1"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Manifest_times_are_rfc3339_utc_with_milliseconds()
    {
        var time = new DateTimeOffset(2026, 3, 1, 10, 0, 0, 250, TimeSpan.FromHours(1));

        Assert.That(ManifestJson.Event("RecordButton", time), Is.EqualTo(new ManifestEvent("RecordButton", 1772355600250, "2026-03-01T09:00:00.250Z")));
    }

    private static ClipManifest SampleManifest() => new()
    {
        RecordingId = "x",
        ClipIndex = 1,
        FinalClip = true,
        EndReason = "Stopped",
        File = new ManifestFile("x_clip01.mp4", 10, "SHA-256", "00", "MP4"),
        Device = new ManifestDevice("BC-1", "0.1.0"),
        OfficerId = "PC-1",
        TriggerOn = ManifestJson.Event("RecordButton", DateTimeOffset.UnixEpoch),
        Clip = new ManifestSpan("a", 0, "b", 0, 0),
        PreRollSeconds = 0,
        PreRollAudio = false,
        Frames = new ManifestFrames(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, []),
        Markers = [],
        Gaps = [],
        Muxer = new ManifestMuxer("bodycam", []),
        ManifestWrittenUtc = "c",
    };
}
