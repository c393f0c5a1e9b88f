// The world around the device that a rig can change: battery, storage, the camera. The emulator
// simulates all of it; a device in rig mode may leave it out (the API then answers 501).
// Threading: implementations are thread-safe; Changed runs on the calling thread.
namespace BodyCamDevice.ControlApi.Rig;

public interface IRigEnvironment
{
    /// <summary>Battery charge, 0..100 %.</summary>
    int BatteryPercent { get; }

    /// <summary>Free space on the recordings volume, in megabytes (10^6 bytes).</summary>
    long FreeStorageMegabytes { get; }

    bool CameraFaulted { get; }

    void SetBatteryPercent(int percent);

    void SetFreeStorageMegabytes(long megabytes);

    /// <summary>The camera fails as a real one would report it (the device goes to Fault).</summary>
    void InjectCameraFault(string detail);

    void RecoverCamera();

    event Action? Changed;
}
