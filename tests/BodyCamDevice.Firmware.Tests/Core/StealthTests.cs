using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Hardware.Virtual;

namespace BodyCamDevice.Firmware.Tests.Core;

public class StealthTests
{
    [Test]
    public void StealthDuringARecordingDarkensAndSilencesEverythingButKeepsRecording()
    {
        using var device = new TestDevice();
        device.DoublePress();
        device.Advance(1000);
        device.Hold(TimeSpan.FromSeconds(3), DeviceInput.FunctionButton);
        Assert.That(device.Device.Controller.Status.Stealth, Is.True);

        device.ClearTraces();
        device.Advance(TimeSpan.FromMinutes(5)); // two reminders fall in here
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording));
        Assert.That(device.OutputEdges(device.Device.RecordIndicatorPin), Is.Empty, "red stays dark");
        Assert.That(device.OutputEdges(device.Device.StatusLedPin), Is.Empty);
        Assert.That(device.Tones(), Is.Empty, "reminders are silent");
        Assert.That(device.OutputEdges(device.Device.VibrationPin), Is.Empty, "and do not vibrate");
        Assert.That(device.AuditEntries.Count(e => e.Kind == "reminder"), Is.EqualTo(2), "the reminders are still logged");

        // Markers still work; they make no sound either.
        device.Press(100, 500);
        Assert.That(device.Device.Controller.Status.MarkerCount, Is.EqualTo(1));
        Assert.That(device.Tones(), Is.Empty);

        device.Hold(TimeSpan.FromSeconds(3), DeviceInput.FunctionButton);
        Assert.That(device.Device.Controller.Status.Stealth, Is.False);
        device.ClearTraces();
        device.MarkTimeZero();
        device.Advance(2000);
        Assert.That(device.OutputEdges(device.Device.RecordIndicatorPin), Has.Count.EqualTo(4), "the red blink is back");

        var stealthLines = device.AuditEntries.Where(e => e.Kind == "stealth").Select(e => e.Details["result"]);
        Assert.That(stealthLines, Is.EqualTo(new[] { "on", "off" }));
    }

    [Test]
    public void StealthCutsABeepInProgress()
    {
        using var device = new TestDevice();
        device.Device.SetInput(DeviceInput.FunctionButton, true);
        device.Advance(2990);
        device.Device.Controller.SetCondition(BodyCamDevice.Firmware.Core.Alarms.AlarmKind.LowBattery, true); // beep starts now
        device.MarkTimeZero();
        device.Advance(10); // stealth engages 10 ms into the beep
        Assert.That(device.Tones(), Is.EqualTo(new[] { (0.0, ToneEventKind.Started, 2700), (10.0, ToneEventKind.Stopped, 2700) }));
        device.Advance(30_000);
        Assert.That(device.Tones(), Has.Count.EqualTo(2), "and the alarm stays silent while stealth lasts");
        device.Device.SetInput(DeviceInput.FunctionButton, false);
    }

    [Test]
    public void StealthIsRefusedWhenPolicyForbidsIt()
    {
        using var device = new TestDevice(o => o.Stealth.Allowed = false);
        device.DoublePress();
        device.Advance(1000);
        device.Hold(TimeSpan.FromSeconds(3), DeviceInput.FunctionButton);
        Assert.That(device.Device.Controller.Status.Stealth, Is.False);
        device.ClearTraces();
        device.Advance(2000);
        Assert.That(device.OutputEdges(device.Device.RecordIndicatorPin), Is.Not.Empty);
        Assert.That(device.AuditEntries.Single(e => e.Kind == "stealth").Details["result"], Is.EqualTo("refused by policy"));
    }

    [Test]
    public void StealthRevertsWhenTheCameraIsDocked()
    {
        using var device = new TestDevice();
        device.Hold(TimeSpan.FromSeconds(3), DeviceInput.FunctionButton);
        Assert.That(device.Device.Controller.Status.Stealth, Is.True);
        device.Device.SetInput(DeviceInput.DockDetect, true);
        device.Advance(100);
        Assert.That(device.State, Is.EqualTo(DeviceState.Docked));
        Assert.That(device.Device.Controller.Status.Stealth, Is.False);
        Assert.That(device.GreenLit, Is.True, "docked shows solid green");
    }
}
