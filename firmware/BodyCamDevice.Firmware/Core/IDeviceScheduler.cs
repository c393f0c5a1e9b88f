namespace BodyCamDevice.Firmware.Core;

/// <summary>How core logic waits: work runs on the device loop after a delay measured by the loop's TimeProvider.</summary>
public interface IDeviceScheduler
{
    TimeProvider Time { get; }

    /// <summary>Runs <paramref name="work"/> on the loop after <paramref name="delay"/>; call from the loop.</summary>
    IScheduledWork ScheduleAfter(TimeSpan delay, Action work);
}

public interface IScheduledWork
{
    /// <summary>Call on the loop. Safe after the work ran or was cancelled.</summary>
    void Cancel();
}
