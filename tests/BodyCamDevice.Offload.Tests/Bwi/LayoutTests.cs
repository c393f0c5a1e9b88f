// Names and metadata as the store receives them: the API's name patterns, canonical header case,
// URL-encoded UTF-8 cut to the API's byte limits at a character boundary, the location format,
// bookmarks and the track only with the capabilities for them, and a track withheld when the
// store wants encryption but it was recorded in the clear.
using BodyCamDevice.Firmware.Offload.Bwi;
using BodyCamDevice.Firmware.Offload.Recordings;

namespace BodyCamDevice.Offload.Tests.Bwi;

public class LayoutTests
{
    private static readonly DateTimeOffset Trigger = new(2026, 3, 1, 9, 0, 0, 250, TimeSpan.Zero);

    private static readonly LayoutOptions Options = new("mp4", "Europe/Stockholm", "BodyCamDevice", WantEncryption: false);

    [Test]
    public void NamesFollowTheApi()
    {
        var layout = BwiRecordingLayout.Plan(Recording(), StoreCapabilities.All, Options);

        Assert.That(layout.Container, Is.EqualTo("Ødegård-7_BC-000123_20260301T090000Z"));
        Assert.That(layout.Objects.Select(item => item.Name), Is.EqualTo(new[]
        {
            "20260301_085930_0007-01.mp4", "20260301_085930_0007-01.key", "20260301_085930_0007-01.manifest.json",
            "20260301_090500_0007-02.mp4",
            "bookmark_20260301T090012Z_1", "bookmark_20260301T085930Z_2",
            "20260301_085930_0007_BC-000123_gpstrail.json",
        }));
    }

    [Test]
    public void AnEncryptedCamerasTrackGoesAsOneObjectPerClipWithItsKeyAndNeverInClear()
    {
        var recording = Recording() with
        {
            Track = new OffloadTrack([], [
                new OffloadEncryptedTrack(Trigger.AddSeconds(-30), new OffloadFile("/r/c1_gpstrail.json", 48, "e1"), new OffloadFile("/r/c1_gpstrail.key", 9, "k1")),
                new OffloadEncryptedTrack(Trigger.AddMinutes(5), new OffloadFile("/r/c2_gpstrail.json", 32, "e2"), new OffloadFile("/r/c2_gpstrail.key", 9, "k2")),
            ]),
        };

        var layout = BwiRecordingLayout.Plan(recording, StoreCapabilities.All, Options with { WantEncryption = true });

        var tracks = layout.Objects.Where(item => item.Kind is StoreObjectKind.GnssTrack or StoreObjectKind.GnssTrackKey).ToArray();
        Assert.That(tracks.Select(item => (item.Name, item.LocalPath, item.Md5)), Is.EqualTo(new[]
        {
            ("20260301_085930_0007_BC-000123_gpstrail.json", (string?)"/r/c1_gpstrail.json", "e1"),
            ("20260301_085930_0007_BC-000123_gpstrail.key", "/r/c1_gpstrail.key", "k1"),
            ("20260301_090500_0007_BC-000123_gpstrail.json", "/r/c2_gpstrail.json", "e2"),
            ("20260301_090500_0007_BC-000123_gpstrail.key", "/r/c2_gpstrail.key", "k2"),
        }));
        Assert.That(recording.Files.Select(file => file.Path), Does.Contain("/r/c2_gpstrail.key"), "deleted locally only once the store confirmed them too");

        var withoutCapability = BwiRecordingLayout.Plan(recording, StoreCapabilities.None, Options with { WantEncryption = true });
        Assert.That(withoutCapability.Objects.Any(item => item.Kind == StoreObjectKind.GnssTrack), Is.False);
    }

    [Test]
    public void MetadataIsUrlEncodedUtf8CutAtTheApisLimits()
    {
        Assert.That(BwiMetadata.HeaderName(BwiMetadata.ContainerPrefix, "TriggerOnTimeISO"), Is.EqualTo("X-Container-Meta-Triggerontimeiso"));
        Assert.That(BwiMetadata.Encode("UserID", "Ødegård/7"), Is.EqualTo("%C3%98deg%C3%A5rd%2F7"));
        var cut = BwiMetadata.Decode(BwiMetadata.Encode("TriggerOn", new string('é', 20)));
        Assert.That(cut, Is.EqualTo(new string('é', 16)), "32 bytes: 16 two-byte characters, none split");
        Assert.That(BwiMetadata.Decode(BwiMetadata.Encode("TriggerOnLocation", new string('x', 80))), Has.Length.EqualTo(64));
        Assert.That(BwiMetadata.Location(55.718409, -13.221184, 4.5, DateTimeOffset.FromUnixTimeSeconds(1661255290)), Is.EqualTo("+55.718409-13.221184+4.5+1661255290"));
    }

    [Test]
    public void TheContainerCarriesTheRecordingsMetadata()
    {
        var metadata = BwiRecordingLayout.Plan(Recording(), StoreCapabilities.All, Options).ContainerMetadata.ToDictionary(pair => pair.Key, pair => pair.Value);

        Assert.That(metadata["UserID"], Is.EqualTo("Ødegård/7"));
        Assert.That(metadata["TriggerOnTime"], Is.EqualTo("1772355600"));
        Assert.That(metadata["TriggerOnTimeISO"], Is.EqualTo("2026-03-01T09:00:00.250Z"));
        Assert.That(metadata["StartTimeISO"], Is.EqualTo("2026-03-01T08:59:30.250Z"), "pre-roll included");
        Assert.That(metadata["TimeZone"], Is.EqualTo("Europe/Stockholm"));
        Assert.That(metadata.ContainsKey("TriggerOff"), Is.False, "no stop recorded: none claimed");
        Assert.That(metadata.ContainsKey("Status"), Is.False, "the upload sets it");
    }

    [Test]
    public void WithoutTheCapabilitiesBookmarksAndTrackStayInTheManifestsAndSaySo()
    {
        var layout = BwiRecordingLayout.Plan(Recording(), StoreCapabilities.None, Options);

        Assert.That(layout.Objects.Select(item => item.Kind), Has.None.EqualTo(StoreObjectKind.Bookmark).And.None.EqualTo(StoreObjectKind.GnssTrack));
        Assert.That(layout.Notes, Has.Count.EqualTo(2));
    }

    [Test]
    public void AnUnencryptedTrackIsWithheldFromAStoreThatWantsEncryption()
    {
        var layout = BwiRecordingLayout.Plan(Recording(), StoreCapabilities.All, Options with { WantEncryption = true });

        Assert.That(layout.Objects.Select(item => item.Kind), Has.None.EqualTo(StoreObjectKind.GnssTrack));
        Assert.That(layout.Notes, Has.Some.Contains("withheld"));
    }

    [Test]
    public void CapabilitiesAreReadFromThePublishedShapeAndNoneFromAnythingElse()
    {
        var parsed = StoreCapabilities.Parse("""{"Read":{"ReadCategories":true},"Store":{"StoreBookmarks":true,"StoreGNSSTrackRecording":false}}"""u8);

        Assert.That(parsed, Is.EqualTo(StoreCapabilities.None with { ReadCategories = true, StoreBookmarks = true }));
        Assert.That(StoreCapabilities.Parse("not json"u8), Is.EqualTo(StoreCapabilities.None));
        Assert.That(StoreCategoriesJson.Parse("""[{"Name":"Arrest","Id":"2"},{"Name":"no id"},{"Name":"Traffic","Id":5}]"""u8),
            Is.EqualTo(new[] { new StoreCategory("2", "Arrest"), new StoreCategory("5", "Traffic") }));
    }

    private static OffloadRecording Recording() => new()
    {
        RecordingId = "BC-000123_20260301T090000Z_0007",
        DeviceSerial = "BC-000123",
        OfficerId = "Ødegård/7",
        FirmwareVersion = "1.0",
        TriggerOn = new OffloadMoment("RecordButton", Trigger),
        Start = Trigger.AddSeconds(-30),
        Stop = Trigger.AddMinutes(10),
        Clips =
        [
            new OffloadClip(1, Trigger.AddSeconds(-30), Trigger.AddMinutes(5), new OffloadFile("/r/c1.mp4", 10, "aa"), new OffloadFile("/r/c1.key", 2, "bb"), new OffloadFile("/r/c1.json", 3, "cc")),
            new OffloadClip(2, Trigger.AddMinutes(5), Trigger.AddMinutes(10), new OffloadFile("/r/c2.mp4", 10, "dd")),
        ],
        Markers = [new OffloadMarker("FunctionButton", Trigger.AddSeconds(12))],
        Categories = [new StoreCategory("2", "Arrest")],
        Track = new OffloadTrack([new OffloadTrackPoint(Trigger, 55.7, 13.2)]),
    };
}
