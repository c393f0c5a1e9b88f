using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Alarms;
using BodyCamDevice.Firmware.Core.Recording;
using BodyCamDevice.Firmware.Hardware.Virtual;

namespace BodyCamDevice.Firmware.Tests.Core;

public class AlarmTests
{
    private static double[] BurstStarts(TestDevice device) =>
        device.Tones().Where(t => t.Kind == ToneEventKind.Started).Select(t => t.Ms).ToArray();

    [TestCase(AlarmKind.StorageFull, 3, 120, 120)]
    [TestCase(AlarmKind.LowBattery, 4, 60, 60)]
    [TestCase(AlarmKind.ClockNotSet, 5, 60, 60)]
    public void AnAlarmSoundsItsBeepsAtOnceAndEveryTwentySecondsWhileItLasts(AlarmKind kind, int beeps, double beepMs, double gapMs)
    {
        using var device = new TestDevice();
        device.MarkTimeZero();
        device.Device.Controller.SetCondition(kind, true);
        device.Advance(TimeSpan.FromSeconds(65));
        device.Device.Controller.SetCondition(kind, false);
        device.Advance(TimeSpan.FromSeconds(60));

        var expected = new List<double>();
        foreach (var burst in new[] { 0.0, 20_000, 40_000, 60_000 })
        {
            for (var i = 0; i < beeps; i++)
            {
                expected.Add(burst + (i * (beepMs + gapMs)));
            }
        }

        Assert.That(BurstStarts(device), Is.EqualTo(expected));
        var alarmLines = device.AuditEntries.Where(e => e.Kind == "alarm").Select(e => (e.Details["alarm"], e.Details["active"]));
        Assert.That(alarmLines, Is.EqualTo(new[] { (kind.ToString(), "true"), (kind.ToString(), "false") }));
    }

    [Test]
    public void ABootWithAnUnsetClockRaisesTheClockAlarm()
    {
        using var device = new TestDevice(start: false, now: new DateTimeOffset(1970, 1, 1, 0, 0, 12, TimeSpan.Zero));
        device.MarkTimeZero();
        device.Device.Start();
        device.Advance(TimeSpan.FromSeconds(21));

        Assert.That(device.Device.Controller.Status.Alarms, Is.EqualTo(new[] { AlarmKind.ClockNotSet }));

        // Power-on beep first, then 5 quick beeps queued behind it; again 20 s later.
        Assert.That(BurstStarts(device), Is.EqualTo(new[] { 0.0, 240, 360, 480, 600, 720, 20_000, 20_120, 20_240, 20_360, 20_480 }));
    }

    [Test]
    public void ASetClockRaisesNoAlarm()
    {
        using var device = new TestDevice();
        Assert.That(device.Device.Controller.Status.Alarms, Is.Empty);
    }

    [Test]
    public void TwoAlarmsAtOnceTakeTurnsWithoutGarblingEachOther()
    {
        using var device = new TestDevice();
        device.MarkTimeZero();
        device.Device.Controller.SetCondition(AlarmKind.StorageFull, true);
        device.Device.Controller.SetCondition(AlarmKind.LowBattery, true);
        device.Advance(2000);

        // 3 beeps (120 on / 120 off) end at 720 ms; 4 quick beeps follow.
        Assert.That(BurstStarts(device), Is.EqualTo(new[] { 0.0, 240, 480, 720, 840, 960, 1080 }));
        var tones = device.Tones();
        for (var i = 1; i < tones.Count; i++)
        {
            Assert.That(tones[i].Kind, Is.Not.EqualTo(tones[i - 1].Kind), "starts and stops alternate: no tone restarted over another");
        }
    }

    [Test]
    public void ACameraFaultShowsItsCodeAndSoundsItsAlarmUntilRecovered()
    {
        using var device = new TestDevice();
        device.MarkTimeZero();
        device.Pipeline.InjectFault("encoder exited");
        Assert.That(device.State, Is.EqualTo(DeviceState.Fault));
        Assert.That(device.RedLit, Is.True, "solid red on a fault");
        device.Advance(5000);

        // Code 2 on the green LED: two 200 ms pulses, then a 1.5 s pause.
        Assert.That(device.OutputEdges(device.Device.StatusLedPin), Is.EqualTo(new[]
        {
            (0.0, true), (200.0, false), (400.0, true), (600.0, false), (2100.0, true), (2300.0, false), (2500.0, true), (2700.0, false), (4200.0, true), (4400.0, false), (4600.0, true), (4800.0, false),
        }));
        Assert.That(device.Device.Controller.Status.Alarms, Does.Contain(AlarmKind.CameraFault));

        device.Pipeline.InjectRecovery();
        Assert.That(device.State, Is.EqualTo(DeviceState.Buffering));
        Assert.That(device.RedLit, Is.False);
        Assert.That(device.Device.Controller.Status.Alarms, Is.Empty);
        var fault = device.AuditEntries.Single(e => e.Kind == "fault");
        Assert.That(fault.Details["detail"], Is.EqualTo("encoder exited"));
    }

    // Each fault its own alarm: N long beeps (700 ms, 120 ms apart) for fault code N, the same
    // N the green LED pulses. A storage fault must not sound like a camera fault.
    [TestCase(FaultCode.Camera, AlarmKind.CameraFault)]
    [TestCase(FaultCode.Storage, AlarmKind.StorageFault)]
    [TestCase(FaultCode.Internal, AlarmKind.InternalFault)]
    public void EachFaultSoundsItsOwnAlarmAndBlinksItsOwnCode(FaultCode code, AlarmKind alarm)
    {
        using var device = new TestDevice();
        device.MarkTimeZero();
        device.Pipeline.InjectFault("writer failed", code);
        device.Advance(24_000);

        Assert.That(device.Device.Controller.Status.Alarms, Is.EqualTo(new[] { alarm }));
        var count = (int)code;
        var burst = Enumerable.Range(0, count).Select(i => i * 820.0).ToArray();
        Assert.That(BurstStarts(device), Is.EqualTo(burst.Concat(burst.Select(start => start + 20_000))));
        var lengths = device.Tones().Chunk(2).Select(pair => pair[1].Ms - pair[0].Ms).Distinct();
        Assert.That(lengths, Is.EqualTo(new[] { 700.0 }), "long beeps");

        var pulses = device.OutputEdges(device.Device.StatusLedPin).Where(edge => edge.High && edge.Ms < 1_700).Count();
        Assert.That(pulses, Is.EqualTo(count), $"fault code {count} on the green LED");

        device.Pipeline.InjectRecovery();
        Assert.That(device.Device.Controller.Status.Alarms, Is.Empty);
        Assert.That(device.AuditEntries.Where(e => e.Kind == "alarm").Select(e => (e.Details["alarm"], e.Details["active"])), Is.EqualTo(new[] { (alarm.ToString(), "true"), (alarm.ToString(), "false") }));
    }

    [Test]
    public void ANewFaultReplacesTheAlarmOfThePreviousOne()
    {
        using var device = new TestDevice();
        device.Pipeline.InjectFault("encoder exited");
        device.Pipeline.InjectFault("card removed", FaultCode.Storage);
        Assert.That(device.Device.Controller.Status.Alarms, Is.EqualTo(new[] { AlarmKind.StorageFault }));
        device.Pipeline.InjectRecovery();
        Assert.That(device.Device.Controller.Status.Alarms, Is.Empty);
    }

    [Test]
    public void ADoublePressDuringAFaultDoesNotPretendToRecord()
    {
        using var device = new TestDevice();
        device.Pipeline.InjectFault("no camera");
        device.DoublePress();
        device.Advance(2000);
        Assert.That(device.State, Is.EqualTo(DeviceState.Fault));
        Assert.That(device.RedLit, Is.True);
    }
}
