using BodyCamDevice.Firmware.Core;

namespace BodyCamDevice.Firmware.Tests.Core;

public class LifecycleTests
{
    [Test]
    public void DockingStopsBufferingAndUndockingBootsTheCameraAgain()
    {
        using var device = new TestDevice();
        device.Device.SetInput(DeviceInput.DockDetect, true);
        device.Advance(100);
        Assert.That(device.State, Is.EqualTo(DeviceState.Docked));
        device.DoublePress();
        Assert.That(device.State, Is.EqualTo(DeviceState.Docked), "no recording in the dock");

        device.Device.SetInput(DeviceInput.DockDetect, false);
        device.Advance(100);
        Assert.That(device.State, Is.EqualTo(DeviceState.Buffering));
        var states = device.AuditEntries.Where(e => e.Kind == "state").Select(e => e.Details["to"]).ToArray();
        Assert.That(states, Is.EqualTo(new[] { "Buffering", "Docked", "Booting", "Buffering" }));
    }

    [Test]
    public void DockingDuringARecordingNeverCutsItShort()
    {
        using var device = new TestDevice();
        device.DoublePress();
        device.Device.SetInput(DeviceInput.DockDetect, true);
        device.Advance(TimeSpan.FromMinutes(1));
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording));
        device.Hold(TimeSpan.FromSeconds(3));
        device.Advance(100);
        Assert.That(device.State, Is.EqualTo(DeviceState.Docked), "once stopped, the dock takes over");
    }

    [Test]
    public void ACameraBootedInItsDockStaysDocked()
    {
        using var device = new TestDevice(start: false);
        device.Device.SetInput(DeviceInput.DockDetect, true);
        device.Device.Start();
        device.Advance(500);
        Assert.That(device.State, Is.EqualTo(DeviceState.Docked));
    }

    [Test]
    public void EveryStateChangeIsAuditedWithSequenceAndUtcTime()
    {
        using var device = new TestDevice();
        device.DoublePress();
        device.Advance(5000);
        device.Hold(TimeSpan.FromSeconds(3));

        var entries = device.AuditEntries;
        Assert.That(entries.Select(e => e.Sequence), Is.EqualTo(Enumerable.Range(1, entries.Count).Select(i => (long)i)));
        Assert.That(entries.Select(e => e.Time), Is.Ordered);
        Assert.That(entries.All(e => e.Time.Offset == TimeSpan.Zero), Is.True);
        var transitions = entries.Where(e => e.Kind == "state").Select(e => $"{e.Details["from"]}->{e.Details["to"]}");
        Assert.That(transitions, Is.EqualTo(new[] { "Booting->Buffering", "Buffering->Starting", "Starting->Recording", "Recording->Stopping", "Stopping->Buffering" }));
        var start = entries.Single(e => e.Kind == "state" && e.Details["to"] == "Recording");
        Assert.That(start.Time, Is.EqualTo(TestDevice.Epoch.AddMilliseconds(1250)));
    }

    [Test]
    public void TheControlApiSeamStartsStopsAndMarks()
    {
        using var device = new TestDevice();
        var controller = device.Device.Controller;
        controller.RequestStart(BodyCamDevice.Firmware.Core.Recording.TriggerSource.ControlApi);
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording));
        controller.RequestMarker("control api");
        controller.RequestStop(BodyCamDevice.Firmware.Core.Recording.StopReason.ControlApi);
        Assert.That(device.State, Is.EqualTo(DeviceState.Buffering));
        Assert.That(device.Pipeline.Markers.Single().Source, Is.EqualTo("control api"));
    }

    [Test]
    public void NoWorkItemEverFailed()
    {
        using var device = new TestDevice();
        device.DoublePress();
        device.Advance(TimeSpan.FromMinutes(3));
        device.Hold(TimeSpan.FromSeconds(3));
        Assert.That(device.Failures, Is.Empty);
    }
    // The offload reads the controller's status from its own task as soon as it is started. Started
    // before the transition into Docked had published its status, it could see the recording just
    // stopped as the one being written and leave it out of the dock (then Done, with it still on
    // the camera). The offload here reads the status the moment it is started, the earliest a real
    // one could.
    [Test]
    public void TheDockOffloadStartsOnlyOnceTheStatusSaysDockedWithNoRecordingBeingWritten()
    {
        using var device = new TestDevice();
        var offload = new StatusReadingOffload(device.Device.Controller);
        device.Device.Controller.AttachDockOffload(offload);
        device.DoublePress();
        device.Advance(100);
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording));
        Assert.That(device.Device.Controller.Status.RecordingId, Is.Not.Null);

        device.Device.SetInput(DeviceInput.DockDetect, true);
        device.Advance(100);
        Assert.That(offload.Seen, Is.Empty, "no offload while recording");
        device.Hold(TimeSpan.FromSeconds(3));
        device.Advance(100);

        Assert.That(device.State, Is.EqualTo(DeviceState.Docked));
        Assert.That(offload.Seen, Is.EqualTo(new[] { (DeviceState.Docked, (string?)null) }), "started once, with the status already docked and no recording");
    }

    private sealed class StatusReadingOffload(DeviceController controller) : Firmware.Core.Offload.IDockOffload
    {
        public List<(DeviceState State, string? RecordingId)> Seen { get; } = [];

        public void Start(long dock) => Seen.Add((controller.Status.State, controller.Status.RecordingId));

        public void Stop()
        {
        }
    }

}

public class PipelineEndedRecordingTests
{
    [Test]
    public void WhenThePipelineEndsARecordingOnAFullDiskTheDeviceFollowsAndAlarms()
    {
        using var device = new TestDevice();
        device.DoublePress();
        device.Advance(2000);
        device.ClearTraces();
        device.MarkTimeZero();
        device.Pipeline.InjectStorageFull();
        device.Advance(1000);
        Assert.That(device.State, Is.EqualTo(DeviceState.Buffering));
        Assert.That(device.RedLit, Is.False);
        Assert.That(device.Device.Controller.Status.Alarms, Is.EqualTo(new[] { BodyCamDevice.Firmware.Core.Alarms.AlarmKind.StorageFull }));
        var starts = device.Tones().Where(t => t.Kind == BodyCamDevice.Firmware.Hardware.Virtual.ToneEventKind.Started).Select(t => t.Ms);
        Assert.That(starts, Is.EqualTo(new[] { 0.0, 240, 480, 720 }), "3 storage beeps, then the stop beep");
    }
}
