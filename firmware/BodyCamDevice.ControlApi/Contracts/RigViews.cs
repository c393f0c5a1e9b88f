// Builds the wire views from a RigDevice. Used by the HTTP endpoints and by in-process clients
// (the emulator's scenario runner), so both see exactly the same answers. Thread-safe reads.
using BodyCamDevice.ControlApi.Rig;
using BodyCamDevice.Firmware.Core.Audit;

namespace BodyCamDevice.ControlApi.Contracts;

public static class RigViews
{
    public static StatusView Status(RigDevice rig)
    {
        var status = rig.Controller.Status;
        var environment = rig.Environment;
        return new StatusView(
            status.State.ToString(),
            status.Stealth,
            status.LightMode.ToString(),
            status.Docked,
            status.Alarms.Select(alarm => alarm.ToString()).ToArray(),
            status.RecordingId,
            status.MarkerCount,
            rig.Timeline.NowMs,
            rig.Timeline.Time.GetUtcNow(),
            environment?.BatteryPercent,
            environment?.FreeStorageMegabytes,
            environment?.CameraFaulted,
            rig.BufferFill(),
            Battery(rig),
            rig.Controller.LatestGnssFix is { } fix ? new GnssView(fix.HasFix, fix.Quality, fix.Latitude, fix.Longitude, fix.AltitudeMeters, fix.Satellites, fix.ReceiverUtc) : null,
            rig.Controller.Rtc is { } rtc ? new RtcView(rtc.Verdict.Valid, rtc.Verdict.Detail, rtc.Reading.Time, rtc.Reading.OscillatorStopped, rtc.CheckedUtc) : null,
            status.Offload is { } offload ? Offload(offload) : null);
    }

    private static OffloadView Offload(Firmware.Core.Offload.DockOffloadStatus offload) => new(
        offload.Phase.ToString(),
        offload.Reason,
        offload.RecordingsTotal,
        offload.RecordingsConfirmed,
        offload.NotTransferred,
        [.. offload.Objects.Select(item => new OffloadObjectView(item.RecordingId, item.Name, item.SentBytes, item.TotalBytes, item.Stored))]);

    private static BatteryView? Battery(RigDevice rig) =>
        rig.Battery is { } monitor && monitor.Latest is { } reading ? new BatteryView(reading.Percent, reading.Volts, monitor.Low, reading.Error) : null;

    public static IReadOnlyList<InputView> Inputs(RigDevice rig) =>
        rig.Inputs.Inputs.Select(input => new InputView(RigInputNames.Name(input), rig.Inputs.IsActive(input))).ToArray();

    public static IReadOnlyList<OutputView> Outputs(RigDevice rig) =>
        rig.Outputs.Names.Select(name => new OutputView(name, rig.Outputs.LineOf(name), rig.Outputs.IsOn(name))).ToArray();

    /// <param name="sinceMs">Rig-timeline milliseconds; null for the whole trace.</param>
    public static OutputTraceView Trace(RigDevice rig, string output, double? sinceMs)
    {
        var since = sinceMs is { } ms ? rig.Timeline.Timestamp(ms) : long.MinValue;
        var edges = rig.Outputs.Changes(output, since).Select(change => Edge(rig, change)).ToArray();
        return new OutputTraceView(output, rig.Outputs.LineOf(output), rig.Outputs.IsOn(output), rig.Timeline.NowMs, edges);
    }

    public static EdgeView Edge(RigDevice rig, OutputChange change) =>
        new(change.Sequence, rig.Timeline.Ms(change.Timestamp), change.Time, change.On, change.FrequencyHz, change.DutyCycle);

    public static OutputEventView OutputEvent(RigDevice rig, OutputChange change) =>
        new(change.Output, rig.Timeline.Ms(change.Timestamp), change.Time, change.On, change.FrequencyHz, change.DutyCycle);

    /// <summary>The beeper's starts, stops and changes since <paramref name="sinceMs"/>; empty without a beeper.</summary>
    public static IReadOnlyList<ToneView> Tones(RigDevice rig, double? sinceMs) => Tones(rig.Outputs, rig.Timeline, sinceMs);

    /// <summary>The same from a device's outputs and timeline alone (the device's self-test has no rig).</summary>
    public static IReadOnlyList<ToneView> Tones(IRigOutputs outputs, RigTimeline timeline, double? sinceMs)
    {
        if (!outputs.Names.Contains(TracedOutputs.Beeper))
        {
            return [];
        }

        // Read the whole trace: whether an event is a start or a change depends on the one before it.
        var since = sinceMs ?? double.NegativeInfinity;
        var tones = new List<ToneView>();
        var sounding = false;
        foreach (var change in outputs.Changes(TracedOutputs.Beeper))
        {
            var kind = change.On ? (sounding ? "change" : "start") : "stop";
            sounding = change.On;
            var t = timeline.Ms(change.Timestamp);
            if (t >= since)
            {
                tones.Add(new ToneView(t, change.Time, kind, change.FrequencyHz, change.DutyCycle));
            }
        }

        return tones;
    }

    /// <summary>Every change of <paramref name="output"/> on <paramref name="timeline"/>, oldest first.</summary>
    public static IReadOnlyList<EdgeView> Edges(IRigOutputs outputs, RigTimeline timeline, string output) =>
        outputs.Changes(output).Select(change => new EdgeView(change.Sequence, timeline.Ms(change.Timestamp), change.Time, change.On, change.FrequencyHz, change.DutyCycle)).ToArray();

    public static AuditView Audit(AuditEntry entry) => new(entry.Sequence, entry.Time, entry.Kind, entry.Details);

    public static IReadOnlyList<AuditView> Audit(RigDevice rig, long sinceSequence, int limit = int.MaxValue) =>
        rig.AuditHistory.Entries.Where(entry => entry.Sequence > sinceSequence).TakeLast(limit).Select(Audit).ToArray();

    public static EnvironmentView? Environment(RigDevice rig) =>
        rig.Environment is { } environment ? new EnvironmentView(environment.BatteryPercent, environment.FreeStorageMegabytes, environment.CameraFaulted) : null;

    public static SnapshotView Snapshot(RigDevice rig) =>
        new(Status(rig), Inputs(rig), Outputs(rig), Audit(rig, 0, limit: 200), rig.Recordings.List());
}
