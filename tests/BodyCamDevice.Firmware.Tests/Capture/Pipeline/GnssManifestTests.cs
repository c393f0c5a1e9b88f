// The whole device with its real capture pipeline and a GNSS receiver, on virtual time: NMEA
// sentences from the virtual receiver go through the firmware's decoder into the controller, and
// the clip's manifest on storage says where the camera was at trigger on, at trigger off (here:
// the fix was lost, and the manifest says so) and every second in between.
using System.Text.Json;
using BodyCamDevice.Firmware.Core.Recording;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Hardware.Gnss;
using BodyCamDevice.Firmware.Hardware.Virtual;

namespace BodyCamDevice.Firmware.Tests.Capture.Pipeline;

public class GnssManifestTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("bodycam-gnss-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task TheManifestHoldsTheTriggerLocationsAndTheTrack()
    {
        await using var device = PipelineDevice.Create(_directory, TimeSpan.FromSeconds(1), options =>
        {
            options.Identity.DeviceSerial = "BC-GNSS01";
            options.Gnss.Enabled = true;
            options.Gnss.TrackInterval = TimeSpan.FromSeconds(1);
        });
        await device.StartAsync(TimeSpan.FromSeconds(1.2));
        using var gnss = new VirtualGnssReceiver(device.Time, device.Assembly.Optional.Gnss!.Feed);
        gnss.SetPosition(new VirtualPosition(48.1173, 11.5166667, AltitudeMeters: 545.4, Satellites: 8));
        gnss.Start();
        await device.AdvanceAsync(TimeSpan.FromSeconds(1));

        device.Controller.RequestStart(TriggerSource.ControlApi);
        await device.AdvanceAsync(TimeSpan.FromSeconds(2.6));
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording));
        gnss.SetPosition(null);
        await device.AdvanceAsync(TimeSpan.FromSeconds(1.6));
        device.Controller.RequestStop(StopReason.ControlApi);
        await device.AdvanceUntilAsync(() => device.State == DeviceState.Buffering, TimeSpan.FromSeconds(1), "buffering again");

        using var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Directory.GetFiles(_directory, "*_clip01.json").Single()));
        var root = manifest.RootElement;
        var on = root.GetProperty("locationAtTriggerOn");
        Assert.Multiple(() =>
        {
            Assert.That(on.GetProperty("fix").GetBoolean(), Is.True);
            Assert.That(on.GetProperty("quality").GetString(), Is.EqualTo("Fix"));
            Assert.That(on.GetProperty("latitude").GetDouble(), Is.EqualTo(48.1173).Within(2e-7));
            Assert.That(on.GetProperty("longitude").GetDouble(), Is.EqualTo(11.5166667).Within(2e-7));
            Assert.That(on.GetProperty("altitudeMeters").GetDouble(), Is.EqualTo(545.4));
            Assert.That(on.GetProperty("satellites").GetInt32(), Is.EqualTo(8));
            Assert.That(on.GetProperty("fixUtc").GetString(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"));
            Assert.That(on.GetProperty("ageSeconds").GetDouble(), Is.LessThanOrEqualTo(1.5));
        });

        var off = root.GetProperty("locationAtTriggerOff");
        Assert.That(off.GetProperty("fix").GetBoolean(), Is.False);
        Assert.That(off.GetProperty("latitude").ValueKind, Is.EqualTo(JsonValueKind.Null), "no fix is never given a position");
        Assert.That(off.GetProperty("note").GetString(), Is.EqualTo("no fix: the receiver reports no position"));

        var points = root.GetProperty("track").GetProperty("points").EnumerateArray().ToArray();
        Assert.That(points, Has.Length.InRange(4, 5), "one a second for about 4 s");
        Assert.That(points[0].GetProperty("fix").GetBoolean(), Is.True);
        Assert.That(points[^1].GetProperty("fix").GetBoolean(), Is.False);
        Assert.That(root.GetProperty("track").GetProperty("droppedPoints").GetInt32(), Is.Zero);

        // The fields every manifest had are still there, unchanged in name.
        Assert.That(root.GetProperty("triggerOn").GetProperty("reason").GetString(), Is.EqualTo("ControlApi"));
        Assert.That(root.GetProperty("formatVersion").GetInt32(), Is.EqualTo(BodyCamDevice.Firmware.Capture.Recording.ClipManifest.CurrentFormatVersion));
    }
}
