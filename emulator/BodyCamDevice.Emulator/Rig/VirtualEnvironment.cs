// The emulator's battery, storage and camera. Battery and free storage are numbers a person or
// a rig sets; crossing a threshold raises or clears the alarm the device's monitors would
// (DeviceController.SetCondition). When storage runs out while recording, the stand-in pipeline
// ends the recording itself, as the capture pipeline will. Camera faults go through the stand-in
// pipeline, reported as a real pipeline reports them. Thread-safe.
using BodyCamDevice.ControlApi.Rig;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Alarms;
using BodyCamDevice.Firmware.Core.Recording;

namespace BodyCamDevice.Emulator.Rig;

internal sealed class VirtualEnvironment(DeviceController controller, StandInRecordingPipeline pipeline) : IRigEnvironment
{
    /// <summary>Below this charge the low-battery alarm sounds.</summary>
    public const int LowBatteryBelowPercent = 15;

    /// <summary>Below this much free space storage counts as full (room for the clip being sealed).</summary>
    public const long StorageFullBelowMegabytes = 100;

    private readonly Lock _lock = new();
    private int _batteryPercent = 100;
    private long _freeStorageMegabytes = 32_000;
    private bool _cameraFaulted;

    public event Action? Changed;

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

        controller.SetCondition(AlarmKind.LowBattery, percent < LowBatteryBelowPercent);
        Changed?.Invoke();
    }

    public void SetFreeStorageMegabytes(long megabytes)
    {
        lock (_lock)
        {
            _freeStorageMegabytes = Math.Max(0, megabytes);
        }

        var full = megabytes < StorageFullBelowMegabytes;
        if (full && pipeline.CurrentRecordingId is not null)
        {
            pipeline.InjectStorageFull();
        }
        else
        {
            controller.SetCondition(AlarmKind.StorageFull, full);
        }

        Changed?.Invoke();
    }

    public void InjectCameraFault(string detail)
    {
        lock (_lock)
        {
            _cameraFaulted = true;
        }

        pipeline.InjectFault(detail);
        Changed?.Invoke();
    }

    public void RecoverCamera()
    {
        lock (_lock)
        {
            _cameraFaulted = false;
        }

        pipeline.InjectRecovery();
        Changed?.Invoke();
    }
}
