// The emulator's battery, storage, camera, GNSS receiver and real-time clock. Battery and free
// storage are numbers a person or a rig sets. The battery is a virtual fuel gauge (VirtualParts):
// the firmware's BatteryMonitor reads it and decides about the low-battery alarm, as on the
// device. Storage crossing its threshold raises or clears the alarm the device's monitor would
// (DeviceController.SetCondition). The GNSS receiver and the RTC are the virtual parts' too.
// With the stand-in pipeline: when storage runs out while recording, the stand-in ends the
// recording itself; camera faults and recovery are reported through it.
// With the real capture pipeline: free storage is the VirtualStorage the recording writer
// measures, so near-full, full and the clean close of the clip are the pipeline's own (while no
// recording runs, this sets the alarm by the same StoragePolicy). A camera fault kills the
// camera's ffmpeg process, so the supervisor's real fault and restart path runs; recovery is
// automatic when the restarted camera delivers video again, and RecoverCamera has nothing to do.
// Thread-safe.
using BodyCamDevice.ControlApi.Rig;
using BodyCamDevice.Emulator.Capture;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Alarms;
using BodyCamDevice.Firmware.Core.Recording;
using BodyCamDevice.Firmware.Hardware.Virtual;

namespace BodyCamDevice.Emulator.Rig;

internal sealed class VirtualEnvironment : IRigEnvironment
{
    /// <summary>Below this much free space storage counts as full (room for the clip being sealed).</summary>
    public const long StorageFullBelowMegabytes = 100;

    private readonly Lock _lock = new();
    private int _batteryPercent = 100;
    private long _freeStorageMegabytes = 32_000;
    private bool _cameraFaulted;

    private readonly DeviceController _controller;
    private readonly StandInRecordingPipeline? _standIn;
    private readonly ObservedCapturePipeline? _capture;
    private readonly VirtualStorage? _storage;
    private readonly StorageOptions _storagePolicy = new();
    private readonly VirtualParts _parts;

    /// <summary>Over the stand-in pipeline.</summary>
    public VirtualEnvironment(DeviceController controller, VirtualParts parts, StandInRecordingPipeline pipeline)
    {
        _controller = controller;
        _parts = parts;
        _standIn = pipeline;
    }

    /// <summary>Over the real capture pipeline, whose writer measures <paramref name="storage"/>.</summary>
    public VirtualEnvironment(DeviceController controller, VirtualParts parts, ObservedCapturePipeline capture, VirtualStorage storage, StorageOptions storagePolicy)
    {
        _controller = controller;
        _parts = parts;
        _capture = capture;
        _storage = storage;
        _storagePolicy = storagePolicy;
        capture.Recovered += OnCameraRecovered;
    }

    public event Action? Changed;

    /// <summary>Tells event-stream clients the status changed (e.g. the buffer's fill).</summary>
    public void RaiseChanged() => Changed?.Invoke();

    public int BatteryPercent
    {
        get
        {
            lock (_lock)
            {
                return _batteryPercent;
            }
        }
    }

    public long FreeStorageMegabytes
    {
        get
        {
            lock (_lock)
            {
                return _freeStorageMegabytes;
            }
        }
    }

    public bool CameraFaulted
    {
        get
        {
            lock (_lock)
            {
                return _cameraFaulted;
            }
        }
    }

    public void SetBatteryPercent(int percent)
    {
        lock (_lock)
        {
            _batteryPercent = Math.Clamp(percent, 0, 100);
        }

        _parts.SetBatteryPercent(Math.Clamp(percent, 0, 100));
        Changed?.Invoke();
    }

    public void SetFreeStorageMegabytes(long megabytes)
    {
        lock (_lock)
        {
            _freeStorageMegabytes = Math.Max(0, megabytes);
        }

        if (_storage is not null)
        {
            _storage.FreeBytes = Math.Max(0, megabytes) * 1_000_000;
            if (_controller.Status.RecordingId is null)
            {
                var level = StoragePolicy.Evaluate(_storage.Measure(""), _storagePolicy);
                _controller.SetCondition(AlarmKind.StorageFull, level != StorageLevel.Ok);
            }

            Changed?.Invoke();
            return;
        }

        var full = megabytes < StorageFullBelowMegabytes;
        if (full && _standIn!.CurrentRecordingId is not null)
        {
            _standIn!.InjectStorageFull();
        }
        else
        {
            _controller.SetCondition(AlarmKind.StorageFull, full);
        }

        Changed?.Invoke();
    }

    public void SetGnssFix(double latitude, double longitude, double altitudeMeters, int satellites)
    {
        _parts.SetGnss(new VirtualPosition(latitude, longitude, altitudeMeters, satellites), silent: false);
        Changed?.Invoke();
    }

    public void SetGnssNoFix(bool silent)
    {
        _parts.SetGnss(null, silent);
        Changed?.Invoke();
    }

    public void SetRtc(RtcChipState state, DateTimeOffset? utc)
    {
        _parts.SetRtc(state, utc);
        Changed?.Invoke();
    }

    public void InjectCameraFault(string detail)
    {
        lock (_lock)
        {
            _cameraFaulted = true;
        }

        if (_capture is not null)
        {
            KillCamera();
        }
        else
        {
            _standIn!.InjectFault(detail);
        }

        Changed?.Invoke();
    }

    public void RecoverCamera()
    {
        if (_capture is not null)
        {
            // The supervisor restarts the camera by itself; OnCameraRecovered clears the flag.
            return;
        }

        lock (_lock)
        {
            _cameraFaulted = false;
        }

        _standIn!.InjectRecovery();
        Changed?.Invoke();
    }

    // The camera's encoder dies as it would on a crash; the supervisor notices and restarts it.
    private void KillCamera()
    {
        if (_capture!.Inner.Camera.ProcessId is not { } id)
        {
            return;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(id);
            process.Kill(entireProcessTree: true);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone: the supervisor has seen that too.
        }
    }

    private void OnCameraRecovered()
    {
        lock (_lock)
        {
            _cameraFaulted = false;
        }

        Changed?.Invoke();
    }
}
