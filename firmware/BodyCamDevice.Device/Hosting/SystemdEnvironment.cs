// What systemd tells a service through its environment: NOTIFY_SOCKET (Type=notify: where READY=1
// and WATCHDOG=1 go) and WATCHDOG_USEC / WATCHDOG_PID (WatchdogSec=: how often to feed), read as
// sd_notify(3) and sd_watchdog_enabled(3) read them.
using System.Globalization;

namespace BodyCamDevice.Device.Hosting;

internal sealed record SystemdEnvironment(string? NotifySocket, TimeSpan? WatchdogTimeout)
{
    public const string NotifySocketVariable = "NOTIFY_SOCKET";
    public const string WatchdogUsecVariable = "WATCHDOG_USEC";
    public const string WatchdogPidVariable = "WATCHDOG_PID";

    /// <summary>True when a service manager waits for READY=1.</summary>
    public bool Notifies => !string.IsNullOrEmpty(NotifySocket);

    /// <summary>How often to feed the watchdog (half its timeout); null when there is no watchdog or nowhere to send to.</summary>
    public TimeSpan? HeartbeatPeriod => Notifies && WatchdogTimeout is { } timeout ? timeout / 2 : null;

    public static SystemdEnvironment FromEnvironment() => Read(Environment.GetEnvironmentVariable, Environment.ProcessId);

    /// <param name="variable">Reads an environment variable (null when unset).</param>
    public static SystemdEnvironment Read(Func<string, string?> variable, int processId)
    {
        var socket = variable(NotifySocketVariable);
        TimeSpan? timeout = null;
        if (long.TryParse(variable(WatchdogUsecVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var microseconds) && microseconds > 0)
        {
            // WATCHDOG_PID, when set, names the process meant to feed: not a child that inherited it.
            var pid = variable(WatchdogPidVariable);
            if (string.IsNullOrEmpty(pid) || (int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var owner) && owner == processId))
            {
                timeout = TimeSpan.FromTicks(microseconds * 10);
            }
        }

        return new SystemdEnvironment(string.IsNullOrEmpty(socket) ? null : socket, timeout);
    }
}
