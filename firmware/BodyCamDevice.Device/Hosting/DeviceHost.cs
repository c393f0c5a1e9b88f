// The generic host `bodycam run` runs in: console logging (the journal's format under systemd),
// SystemdLifetime (READY=1 once every hosted service has started, STOPPING=1, SIGTERM handling)
// and the DeviceService. Built empty (no appsettings files, no file watchers): the device's
// configuration is its own file, read and validated before the host exists.
using BodyCamDevice.ControlApi.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace BodyCamDevice.Device.Hosting;

internal static class DeviceHost
{
    /// <summary>How long a stop may take: sealing the last clip of a recording in progress.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    public static IHost Build(RunningDevice running, SystemdEnvironment systemd, RigModeOptions? rigMode)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "bodycam", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
            console.UseUtcTimestamp = true;
        });
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        // Under systemd (parent process systemd, or PID 1 with NOTIFY_SOCKET) AddSystemd switches
        // the console to the journal's format and the lifetime to SystemdLifetime. A Type=notify
        // service always has NOTIFY_SOCKET, even when something stands between it and systemd (a
        // wrapper script, qemu): the socket alone is enough to use SystemdLifetime.
        builder.Services.AddSystemd();
        if (systemd.Notifies && !SystemdHelpers.IsSystemdService())
        {
            builder.Services.Configure<ConsoleLoggerOptions>(console => console.FormatterName = ConsoleFormatterNames.Systemd);
            builder.Services.TryAddSingleton<ISystemdNotifier, SystemdNotifier>();
            builder.Services.AddSingleton<IHostLifetime, SystemdLifetime>();
        }

        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddSingleton(running);
        builder.Services.AddSingleton(systemd);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(provider => new DeviceService(
            running,
            systemd,
            rigMode,
            TimeProvider.System,
            provider.GetRequiredService<ILogger<DeviceService>>()));
        builder.Services.AddHostedService(provider => provider.GetRequiredService<DeviceService>());
        return builder.Build();
    }
}
