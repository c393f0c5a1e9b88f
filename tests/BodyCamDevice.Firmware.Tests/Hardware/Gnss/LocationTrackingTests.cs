// GNSS fixes from the virtual receiver's NMEA text, through the firmware's decoder, into the
// controller: the location at trigger on and off travels with the requests, a track point goes
// to the pipeline every TrackInterval while recording (and only then), and a receiver that has
// no fix, or has gone quiet, is reported as no fix. Virtual time throughout.
using BodyCamDevice.Firmware.Core.Recording;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Hardware.Gnss;
using BodyCamDevice.Firmware.Hardware.Virtual;

namespace BodyCamDevice.Firmware.Tests.Hardware.Gnss;

public class LocationTrackingTests
{
    private static readonly VirtualPosition Westminster = new(51.5007, -0.1246);

    [Test]
    public void Trigger_locations_and_a_track_point_every_interval_while_recording()
    {
        using var device = new OptionalPartsDevice();
        var pipeline = device.Test.Pipeline;
        device.Gnss.SetPosition(Westminster);
        device.Test.Advance(3000);

        device.Test.DoublePress();
        device.Test.Advance(TimeSpan.FromSeconds(12));
        Assert.That(device.Test.State, Is.EqualTo(DeviceState.Recording));
        device.Gnss.SetPosition(null);
        device.Test.Advance(TimeSpan.FromSeconds(4));
        device.Test.Hold(TimeSpan.FromSeconds(3.2));
        device.Test.Advance(TimeSpan.FromSeconds(30));

        var start = pipeline.LastStartRequest!.Location!;
        Assert.That((start.HasFix, start.Fix!.Latitude, start.Fix.Longitude, start.Fix.Quality), Is.EqualTo((true, 51.5007, -0.1246, "Fix")));
        Assert.That(start.AgeSeconds, Is.LessThanOrEqualTo(1));
        var stop = pipeline.LastStopRequest!.Location!;
        Assert.That((stop.HasFix, stop.Fix!.Quality, stop.Note), Is.EqualTo((false, "NoFix", "no fix: the receiver reports no position")));

        // Recording from the double-press to the end of the hold: 19 s or so, one point each 5 s.
        var points = pipeline.TrackPoints;
        Assert.That(points, Has.Count.EqualTo(3));
        Assert.That(points.Select(p => p.HasFix), Is.EqualTo(new[] { true, true, false }));
        Assert.That(points.Zip(points.Skip(1), (a, b) => (b.SampledUtc - a.SampledUtc).TotalSeconds), Is.All.EqualTo(5.0));
    }

    [Test]
    public void A_receiver_gone_quiet_is_no_fix_and_names_how_long()
    {
        using var device = new OptionalPartsDevice();
        var pipeline = device.Test.Pipeline;
        device.Gnss.SetPosition(Westminster);
        device.Test.Advance(2000);
        device.Gnss.SetPosition(Westminster, silent: true);
        device.Test.Advance(TimeSpan.FromSeconds(8));

        device.Test.Device.Controller.RequestStart(TriggerSource.ControlApi);

        var start = pipeline.LastStartRequest!.Location!;
        Assert.That((start.HasFix, start.Fix, start.Note), Is.EqualTo((false, (BodyCamDevice.Firmware.Core.Location.GnssFix?)null, "no fix: receiver silent for 8 s")));
    }

    [Test]
    public void Before_the_receiver_says_anything_the_location_says_so()
    {
        using var device = new OptionalPartsDevice();
        device.Gnss.SetPosition(null, silent: true);

        device.Test.Device.Controller.RequestStart(TriggerSource.ControlApi);

        var start = device.Test.Pipeline.LastStartRequest!.Location!;
        Assert.That(start.HasFix, Is.False);
    }

    [Test]
    public void No_track_outside_a_recording_and_no_locations_without_a_receiver()
    {
        using (var device = new OptionalPartsDevice())
        {
            device.Gnss.SetPosition(Westminster);
            device.Test.Advance(TimeSpan.FromMinutes(2));
            Assert.That(device.Test.Pipeline.TrackPoints, Is.Empty);
        }

        using var plain = new TestDevice();
        plain.DoublePress();
        plain.Advance(TimeSpan.FromSeconds(20));
        Assert.That(plain.Pipeline.LastStartRequest!.Location, Is.Null);
        Assert.That(plain.Pipeline.TrackPoints, Is.Empty);
    }
}
