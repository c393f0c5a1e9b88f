// The emulator's battery, storage, camera, GNSS receiver and real-time clock, as a person or a rig
// sets them. The battery is a virtual fuel gauge (VirtualParts): the firmware's BatteryMonitor
// reads it and decides about the low-battery alarm, as on the device. Free storage is the
// VirtualStorage the recording writer measures, so near-full, full and the clean close of the clip
// are the capture pipeline's own (while no recording runs, this sets the alarm by the same
// StoragePolicy). A camera fault breaks the camera for the supervisor's real fault and restart
// path: the virtual camera is told to fail (and delivers nothing until told to recover); an ffmpeg
// camera's encoder is killed as on a crash, and the supervisor restarts it by itself. The GNSS
// receiver and the RTC are the virtual parts'.
// Thread-safe.
using BodyCamDevice.ControlApi.Rig;
using BodyCamDevice.Firmware.Capture.Camera.Virtual;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Core.Alarms;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Hardware.Gnss;
using BodyCamDevice.Firmware.Hardware.Virtual;

namespace BodyCamDevice.Emulator.Rig;

internal sealed class VirtualEnvironment : IRigEnvironment
{
    private readonly Lock _lock = new();
    private int _batteryPercent = 100;
    private bool _cameraFaulted;

    private readonly DeviceController _controller;
    private readonly CapturePipeline _capture;
    private readonly VirtualStorage _storage;
    private readonly StorageOptions _storagePolicy;
    private readonly VirtualParts _parts;

    /// <param name="storage">The volume the capture pipeline's writer measures.</param>
    public VirtualEnvironment(DeviceController controller, VirtualParts parts, CapturePipeline capture, VirtualStorage storage, StorageOptions storagePolicy)
    {
        _controller = controller;
        _parts = parts;
        _capture = capture;
        _storage = storage;
        _storagePolicy = storagePolicy;
        capture.Supervisor.Recovered += OnCameraRecovered;
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

    public long FreeStorageMegabytes => _storage.FreeBytes / 1_000_000;

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
        _storage.FreeBytes = Math.Max(0, megabytes) * 1_000_000;
        if (_controller.Status.RecordingId is null)
        {
            var level = StoragePolicy.Evaluate(_storage.Measure(""), _storagePolicy);
            _controller.SetCondition(AlarmKind.StorageFull, level != StorageLevel.Ok);
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

        switch (_capture.Camera)
        {
            case VirtualCameraSource camera:
                camera.Fail(detail);
                break;
            case FfmpegCameraSource camera:
                Kill(camera);
                break;
        }

        Changed?.Invoke();
    }

    // The virtual camera delivers again; an ffmpeg camera is restarted by the supervisor by
    // itself. Either way the fault clears once video flows (OnCameraRecovered).
    public void RecoverCamera()
    {
        if (_capture.Camera is VirtualCameraSource camera)
        {
            camera.Recover();
        }
    }

    // The camera's encoder dies as it would on a crash; the supervisor notices and restarts it.
    private static void Kill(FfmpegCameraSource camera)
    {
        if (camera.ProcessId is not { } id)
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
