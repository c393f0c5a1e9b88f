// One emulated camera, assembled: the firmware on virtual pins (VirtualDevice), the stand-in
// pipeline that writes test-pattern clips, the virtual battery/storage/camera, and the RigDevice
// the control API, the web page and the scenario runner all work through. Owns all of it.
using BodyCamDevice.ControlApi.Recordings;
using BodyCamDevice.ControlApi.Rig;
using BodyCamDevice.Emulator.Recording;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core.Recording;
using BodyCamDevice.Firmware.Hardware.Virtual;

namespace BodyCamDevice.Emulator.Rig;

internal sealed class EmulatedDevice : IAsyncDisposable
{
    /// <param name="recordingsPath">Where clips and manifests go (created when missing).</param>
    /// <param name="writeClips">Whether the stand-in writes test-pattern MP4s (needs ffmpeg).</param>
    /// <param name="note">Where the emulator's own remarks go (clip written, ffmpeg missing).</param>
    public EmulatedDevice(DeviceOptions options, TimeProvider time, string recordingsPath, bool writeClips, Action<string>? note = null)
    {
        StandIn = new StandInRecordingPipeline(time);
        var writer = writeClips ? new StandInClipWriter(Path.GetFullPath(recordingsPath), options.Identity.DeviceSerial, options.Identity.OfficerId, note) : null;
        Pipeline = new StandInClipPipeline(StandIn, writer, time);
        Device = new VirtualDevice(options, time, Pipeline);
        Inputs = new VirtualInputs(Device);
        Environment = new VirtualEnvironment(Device.Controller, StandIn);
        Recordings = new RecordingsDirectory(recordingsPath);
        Outputs = new TracedOutputs(options.Pins, Device.Tracing.Trace);
        Rig = new RigDevice(Device.Controller, Device.AuditTrail, Device.Audit, Inputs, Outputs, Environment, Recordings, time);
    }

    public VirtualDevice Device { get; }
    public StandInRecordingPipeline StandIn { get; }
    public StandInClipPipeline Pipeline { get; }
    public VirtualInputs Inputs { get; }
    public TracedOutputs Outputs { get; }
    public VirtualEnvironment Environment { get; }
    public RecordingsDirectory Recordings { get; }
    public RigDevice Rig { get; }

    /// <summary>Connects the pins and powers the device on.</summary>
    public void Start() => Device.Start();

    public async ValueTask DisposeAsync()
    {
        // Let a clip being encoded land, so a recording made just before exit is not lost.
        await Pipeline.PendingWrites.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        Recordings.Dispose();
        Device.Dispose();
    }
}
