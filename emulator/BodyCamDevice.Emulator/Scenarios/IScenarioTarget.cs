// What the scenario runner needs from a device: drive inputs, let time pass, read status and
// traces. Implemented in process (the emulator, on real or virtual time) and over HTTP (the
// control API of an emulator or of a device on a rig), so one scenario file runs against both.
using BodyCamDevice.ControlApi.Contracts;

namespace BodyCamDevice.Emulator.Scenarios;

internal interface IScenarioTarget : IAsyncDisposable
{
    /// <summary>For the report: "in-process emulator, virtual time" or the remote URL.</summary>
    string Description { get; }

    /// <summary>True when time only moves when the runner waits (virtual time).</summary>
    bool IsVirtualTime { get; }

    Task<double> NowMsAsync();

    /// <summary>Lets <paramref name="duration"/> of device time pass.</summary>
    Task WaitAsync(TimeSpan duration);

    Task SetInputAsync(string input, bool active);

    /// <summary>Down for <paramref name="down"/>, then up, timed on the device's clock.</summary>
    Task PressAsync(string input, TimeSpan down);

    Task DoublePressAsync(string input, TimeSpan down, TimeSpan gap);

    /// <summary>"start", "stop" or "marker" through the control API's request route.</summary>
    Task RequestAsync(string action);

    Task SetDockAsync(bool docked);

    Task SetBatteryAsync(int percent);

    Task SetFreeStorageAsync(long megabytes);

    Task InjectCameraFaultAsync(string detail);

    Task RecoverCameraAsync();

    Task SetGnssAsync(GnssRequest request);

    Task SetRtcAsync(RtcRequest request);

    Task<StatusView> StatusAsync();

    Task<OutputTraceView> TraceAsync(string output, double? sinceMs);

    Task<IReadOnlyList<ToneView>> TonesAsync();

    Task<IReadOnlyList<AuditView>> AuditAsync(long afterSequence);

    Task<IReadOnlyList<RecordingView>> RecordingsAsync();
}
