// The world around the device that a rig can change: battery, storage, the camera, and the
// optional parts' virtual counterparts (GNSS receiver, real-time clock). The emulator
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

    /// <summary>The virtual GNSS receiver reports a fix at this position from now on.</summary>
    void SetGnssFix(double latitude, double longitude, double altitudeMeters, int satellites);

    /// <summary>The virtual GNSS receiver reports no fix, or (<paramref name="silent"/>) sends nothing at all.</summary>
    void SetGnssNoFix(bool silent);

    /// <summary>
    /// Puts the virtual real-time clock into <paramref name="state"/> (with <see cref="RtcChipState.Running"/>
    /// optionally set to <paramref name="utc"/>), then has the device check it as it does at boot.
    /// </summary>
    void SetRtc(RtcChipState state, DateTimeOffset? utc);

    event Action? Changed;
}
