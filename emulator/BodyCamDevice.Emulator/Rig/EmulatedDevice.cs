// One emulated camera, assembled: the firmware on virtual pins (VirtualDevice), its recording
// pipeline, the virtual battery/storage/camera, and the RigDevice the control API, the web page
// and the scenario runner all work through. Owns all of it.
// The pipeline is the real CapturePipeline over a virtual camera (ffmpeg's test pattern, a
// looped file or a V4L2 webcam: real time only) unless the camera choice is the stand-in, which
// writes test-pattern clips without a camera and runs on any clock (virtual time included).
using System.Reflection;
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.ControlApi.Recordings;
using BodyCamDevice.ControlApi.Rig;
using BodyCamDevice.Emulator.Capture;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Emulator.Recording;
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core.Recording;
using BodyCamDevice.Firmware.Hardware.Virtual;

namespace BodyCamDevice.Emulator.Rig;

internal sealed class EmulatedDevice : IAsyncDisposable
{
    /// <summary>How often the buffer's fill goes out on the event stream (when it changed).</summary>
    private static readonly TimeSpan BufferFillInterval = TimeSpan.FromMilliseconds(500);

    private readonly ITimer? _bufferFillTimer;
    private double _lastBufferSeconds = -1;

    /// <param name="recordingsPath">Where clips and manifests go (created when missing).</param>
    /// <param name="writeClips">Whether the stand-in writes test-pattern MP4s (needs ffmpeg).</param>
    /// <param name="note">Where the emulator's own remarks go (clip written, ffmpeg missing).</param>
    /// <param name="camera">The camera; null or <see cref="CameraChoice.StandIn"/> for the stand-in pipeline.</param>
    public EmulatedDevice(DeviceOptions options, TimeProvider time, string recordingsPath, bool writeClips, Action<string>? note = null, CameraChoice? camera = null)
    {
        Camera = camera ?? CameraChoice.StandIn;
        Recordings = new RecordingsDirectory(recordingsPath);
        if (Camera.IsReal)
        {
            if (time != TimeProvider.System)
            {
                throw new ArgumentException("The capture pipeline's camera runs on the real clock: use the stand-in camera on virtual time.", nameof(time));
            }

            Camera.Apply(options, recordingsPath);
            Storage = new VirtualStorage();
            Capture = new CapturePipeline(options, time, FirmwareVersion, Storage);
            var observed = new ObservedCapturePipeline(Capture);
            Device = new VirtualDevice(options, time, observed);
            Environment = new VirtualEnvironment(Device.Controller, observed, Storage, new StorageOptions
            {
                NearFullFraction = options.Recording.NearFullFraction,
                ReserveBytes = options.Recording.ReserveMegabytes * 1024L * 1024,
            });
            Preview = new CameraPreview(Capture);
        }
        else
        {
            StandIn = new StandInRecordingPipeline(time);
            var writer = writeClips ? new StandInClipWriter(Path.GetFullPath(recordingsPath), options.Identity.DeviceSerial, options.Identity.OfficerId, note) : null;
            Pipeline = new StandInClipPipeline(StandIn, writer, time);
            Device = new VirtualDevice(options, time, Pipeline);
            Environment = new VirtualEnvironment(Device.Controller, StandIn);
        }

        Inputs = new VirtualInputs(Device);
        Outputs = new TracedOutputs(options.Pins, Device.Tracing.Trace);
        Rig = new RigDevice(Device.Controller, Device.AuditTrail, Device.Audit, Inputs, Outputs, Environment, Recordings, time);
        if (Capture is { } capture)
        {
            var window = options.Recording.PreRecord.TotalSeconds;
            Rig.BufferFill = () => new BufferFillView(capture.Buffer.GetStatistics().BufferedDuration.TotalSeconds, window);
            _bufferFillTimer = time.CreateTimer(_ => PublishBufferFill(), null, BufferFillInterval, BufferFillInterval);
        }
    }

    /// <summary>The version the capture pipeline writes into manifests.</summary>
    public static string FirmwareVersion { get; } =
        "emulator-" + (typeof(CapturePipeline).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev");

    public CameraChoice Camera { get; }
    public VirtualDevice Device { get; }

    /// <summary>The real capture pipeline; null with the stand-in.</summary>
    public CapturePipeline? Capture { get; }

    /// <summary>The virtual recordings volume the capture pipeline measures; null with the stand-in.</summary>
    public VirtualStorage? Storage { get; }

    /// <summary>Stills for the page; null with the stand-in.</summary>
    public CameraPreview? Preview { get; }

    /// <summary>The stand-in pipeline; null with the real one.</summary>
    public StandInRecordingPipeline? StandIn { get; }

    /// <summary>The stand-in's clip writer; null with the real pipeline.</summary>
    public StandInClipPipeline? Pipeline { get; }

    public VirtualInputs Inputs { get; }
    public TracedOutputs Outputs { get; }
    public VirtualEnvironment Environment { get; }
    public RecordingsDirectory Recordings { get; }
    public RigDevice Rig { get; }

    /// <summary>Connects the pins and powers the device on.</summary>
    public void Start() => Device.Start();

    public async ValueTask DisposeAsync()
    {
        if (_bufferFillTimer is not null)
        {
            await _bufferFillTimer.DisposeAsync().ConfigureAwait(false);
        }

        if (Pipeline is not null)
        {
            // Let a clip being encoded land, so a recording made just before exit is not lost.
            await Pipeline.PendingWrites.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }

        Recordings.Dispose();
        Device.Dispose();
        if (Capture is not null)
        {
            // Seals a recording still running (stop reason Shutdown) and stops the camera.
            await Capture.DisposeAsync().ConfigureAwait(false);
        }
    }

    // The status (with bufferFill) goes out on the event stream at most twice a second, and only
    // when the buffered seconds moved.
    private void PublishBufferFill()
    {
        var seconds = Capture!.Buffer.GetStatistics().BufferedDuration.TotalSeconds;
        if (Math.Abs(seconds - _lastBufferSeconds) < 0.05)
        {
            return;
        }

        _lastBufferSeconds = seconds;
        Environment.RaiseChanged();
    }
}
