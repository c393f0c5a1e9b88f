using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core;

namespace BodyCamDevice.Firmware.Tests.Core;

public class RecordButtonTests
{
    [Test]
    public void DoublePressInsideTheWindowStartsRecording()
    {
        using var device = new TestDevice();
        device.DoublePress(gapMs: 300);
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording));
    }

    [Test]
    public void TwoPressesFurtherApartThanTheWindowDoNotStart()
    {
        using var device = new TestDevice();
        device.Press(100, afterMs: 450);
        Assert.That(device.State, Is.EqualTo(DeviceState.Buffering));
        device.Advance(60); // now 610 ms after the first press began
        device.Press(100);
        Assert.That(device.State, Is.EqualTo(DeviceState.Buffering));
    }

    [Test]
    public void DoublePressAtExactlyTheWindowEdgeStarts()
    {
        using var device = new TestDevice();
        device.Press(100, afterMs: 500);
        device.Press(100);
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording));
    }

    [Test]
    public void SinglePressNeverStartsRecording()
    {
        using var device = new TestDevice();
        device.Press(100, afterMs: 5000);
        Assert.That(device.State, Is.EqualTo(DeviceState.Buffering));
    }

    [Test]
    public void HoldOf2Point9SecondsDoesNotStopButThreeSecondsDoes()
    {
        using var device = new TestDevice();
        device.DoublePress();
        device.Advance(1000);
        device.Hold(TimeSpan.FromMilliseconds(2900));
        device.Advance(1000);
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording), "2.9 s hold");

        device.SetRecordButton(true);
        device.Advance(2999);
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording), "2.999 s into the hold");
        device.Advance(1);
        Assert.That(device.State, Is.EqualTo(DeviceState.Buffering), "3.0 s hold");
        device.SetRecordButton(false);
    }
}

public class RecordButtonBounceTests
{
    [Test]
    public void ContactBounceOnPressAndReleaseCountsAsOnePress()
    {
        using var device = new TestDevice();

        // A real button: the contact chatters for a few ms on the way down and on the way up.
        void BouncyPress()
        {
            foreach (var (level, ms) in new[] { (true, 1.0), (false, 2.0), (true, 1.5), (false, 0.5), (true, 95.0) })
            {
                device.SetRecordButton(level);
                device.Advance(ms);
            }

            foreach (var (level, ms) in new[] { (false, 1.0), (true, 3.0), (false, 2.0), (true, 1.0), (false, 0.0) })
            {
                device.SetRecordButton(level);
                device.Advance(ms);
            }
        }

        BouncyPress();
        device.Advance(2000);
        Assert.That(device.State, Is.EqualTo(DeviceState.Buffering), "one bouncy press is one press, not a double-press");

        BouncyPress();
        device.Advance(150);
        BouncyPress();
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording), "two bouncy presses are a double-press");

        var presses = device.AuditEntries.Count(e => e.Kind == "gesture" && e.Details["gesture"] == "ShortPress");
        Assert.That(presses, Is.EqualTo(2), "the lone press and the first of the pair; the consumed second press yields none");
    }

    [Test]
    public void ChatterInsideTheDebounceWindowNeverAddsAPress()
    {
        using var device = new TestDevice(o => o.Buttons.Debounce = TimeSpan.FromMilliseconds(30));

        // One accepted press followed by 25 ms of chatter, held, released with 25 ms of chatter.
        device.SetRecordButton(true);
        for (var i = 0; i < 10; i++)
        {
            device.SetRecordButton(i % 2 == 1);
            device.Advance(2.5);
        }

        device.SetRecordButton(true);
        device.Advance(100);
        device.SetRecordButton(false);
        for (var i = 0; i < 10; i++)
        {
            device.SetRecordButton(i % 2 == 1);
            device.Advance(2.5);
        }

        device.SetRecordButton(false);
        device.Advance(300);
        Assert.That(device.State, Is.EqualTo(DeviceState.Buffering));
        Assert.That(device.AuditEntries.Count(e => e.Kind == "gesture"), Is.EqualTo(1), "exactly one short press");
    }

    [Test]
    public void AButtonStuckDownNeverStartsOrStopsRepeatedly()
    {
        using var device = new TestDevice();
        device.Press(100, afterMs: 150);
        device.SetRecordButton(true); // completes the double-press, then sticks
        device.Advance(TimeSpan.FromMinutes(10));
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording), "the press that started recording cannot stop it");
        var starts = device.AuditEntries.Count(e => e.Kind == "recording-start-requested");
        var stops = device.AuditEntries.Count(e => e.Kind == "recording-stop-requested");
        Assert.That((starts, stops), Is.EqualTo((1, 0)));
    }

    [Test]
    public void AButtonStuckDownWhileBufferingNeverStarts()
    {
        using var device = new TestDevice();
        device.SetRecordButton(true);
        device.Advance(TimeSpan.FromMinutes(10));
        Assert.That(device.State, Is.EqualTo(DeviceState.Buffering));
    }

    [Test]
    public void AHeldStopFiresOnceEvenIfTheButtonStaysDown()
    {
        using var device = new TestDevice();
        device.DoublePress();
        device.Advance(1000);
        device.SetRecordButton(true);
        device.Advance(TimeSpan.FromMinutes(5));
        Assert.That(device.State, Is.EqualTo(DeviceState.Buffering));
        Assert.That(device.AuditEntries.Count(e => e.Kind == "recording-start-requested"), Is.EqualTo(1));
    }

    [Test]
    public void AThirdQuickPressDoesNotFormASecondDoublePress()
    {
        using var device = new TestDevice();
        device.Press(100, 100);
        device.Press(100, 100); // double-press: starts
        device.Press(100, 3000); // marker
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording));
        Assert.That(device.Device.Controller.Status.MarkerCount, Is.EqualTo(1));
    }
}

public class RecordButtonActionTests
{
    [Test]
    public void ASinglePressWhileRecordingAddsAMarker()
    {
        using var device = new TestDevice();
        device.DoublePress();
        device.Advance(2000);
        device.Press(100, 1000);
        device.Press(100, 1000);
        Assert.That(device.Pipeline.Markers, Has.Count.EqualTo(2));
        Assert.That(device.Device.Controller.Status.MarkerCount, Is.EqualTo(2));
        Assert.That(device.AuditEntries.Count(e => e.Kind == "marker"), Is.EqualTo(2));
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording));
    }

    [Test]
    public void SinglePressToggleModeStartsAndStopsOnEachPress()
    {
        using var device = new TestDevice(o => o.Buttons.RecordButtonMode = RecordButtonMode.SinglePressToggles);
        device.Press(100, 500);
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording));
        device.Press(100, 500);
        Assert.That(device.State, Is.EqualTo(DeviceState.Buffering));
    }

    [Test]
    public void TheExternalTriggerStartsButNeverStopsARecording()
    {
        using var device = new TestDevice();
        device.Press(100, 1000, DeviceInput.ExternalTrigger);
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording));
        device.Press(100, 1000, DeviceInput.ExternalTrigger);
        device.Hold(TimeSpan.FromSeconds(10), DeviceInput.ExternalTrigger);
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording));
        var start = device.AuditEntries.Single(e => e.Kind == "recording-start-requested");
        Assert.That(start.Details["source"], Is.EqualTo("ExternalTrigger"));
    }

    [Test]
    public void ADoublePressWhileTheLastRecordingSealsStartsANewOneAfterwards()
    {
        using var device = new TestDevice();
        device.Pipeline.StopDelay = TimeSpan.FromSeconds(2);
        device.DoublePress();
        device.Advance(1000);
        device.Hold(TimeSpan.FromSeconds(3));
        Assert.That(device.State, Is.EqualTo(DeviceState.Stopping));
        device.Advance(200);
        device.DoublePress();
        Assert.That(device.State, Is.EqualTo(DeviceState.Stopping));
        device.Advance(2000);
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording));
        Assert.That(device.AuditEntries.Count(e => e.Kind == "recording-started"), Is.EqualTo(2));
    }

    [Test]
    public void HoldingWhileTheCameraIsStillStartingStopsOnceItConfirms()
    {
        using var device = new TestDevice();
        device.Pipeline.StartDelay = TimeSpan.FromSeconds(5);
        device.DoublePress();
        Assert.That(device.State, Is.EqualTo(DeviceState.Starting));
        device.Advance(500);
        device.Hold(TimeSpan.FromSeconds(3));
        Assert.That(device.State, Is.EqualTo(DeviceState.Starting));
        device.Advance(2000);
        Assert.That(device.State, Is.EqualTo(DeviceState.Buffering));
        Assert.That(device.AuditEntries.Count(e => e.Kind == "recording-stopped"), Is.EqualTo(1));
    }
}
