// The device as a hosted service. StartAsync powers the firmware on and returns only once the
// controller reports Buffering (pre-record running: the camera is ready to record), or Docked (a
// camera booted in its dock keeps its camera off). The host raises ApplicationStarted after every
// StartAsync has returned, and SystemdLifetime sends READY=1 then: systemd's readiness is the
// device's. The watchdog is fed from the device loop (LoopWatchdog). State changes, audit entries
// and the pin adapters' warnings go to the log (the journal under systemd).
// StopAsync writes a "shutdown" audit line, stops the rig server, then the device assembly seals a
// recording in progress, stops the camera and closes the pins, in that order.
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.ControlApi.Hosting;
using BodyCamDevice.ControlApi.Recordings;
using BodyCamDevice.ControlApi.Rig;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Audit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace BodyCamDevice.Device.Hosting;

internal sealed class DeviceService(
    RunningDevice running,
    SystemdEnvironment systemd,
    RigModeOptions? rigMode,
    TimeProvider time,
    ILogger<DeviceService> log) : IHostedService
{
    private static readonly ServiceState Watchdog = new("WATCHDOG=1");

    private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LoopWatchdog? _watchdog;
    private ControlApiServer? _rigServer;
    private RecordingsDirectory? _rigRecordings;
    private RigDevice? _rig;
    private DeviceState? _lastState;

    /// <summary>Where the rig server listens once started (rig mode only).</summary>
    public Uri? RigUrl => _rigServer?.Url;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var device = running.Device;
        var options = running.Options;
        log.LogInformation("{Version}: device {Serial}, officer {Officer}; {Drivers}; camera {Camera}; recordings in {Recordings}; audit log {Audit}",
            FirmwareVersion.Text, options.Identity.DeviceSerial, options.Identity.OfficerId, running.Drivers.Description,
            running.CameraDescription, options.Recording.Directory, running.AuditFile.Path);
        var evidence = running.Evidence;
        log.LogInformation("Device key {Fingerprint}{Created}; manifests signed and chained, last number {Sequence}; recordings {Encryption}",
            evidence.Key.Fingerprint, evidence.IdentityCreated ? " (made now, at the first start)" : "", evidence.Sealer.Chain.LastSequence,
            options.Encryption.Enabled ? $"encrypted to key {options.Encryption.PublicKeyId}" : "stored in clear");
        if (evidence.ChainReconciliation is { } reconciliation)
        {
            log.LogWarning("Manifest chain: {Reconciliation}", reconciliation);
        }

        foreach (var recovered in running.Recovered)
        {
            log.LogWarning("Recovered {Clip}: cut off before it was sealed; sealed as interrupted, manifest number {Sequence}",
                recovered.Manifest.File.Name, recovered.Manifest.Sequence);
        }

        foreach (var warning in device.Hardware.Inputs.Warnings)
        {
            log.LogWarning("{Warning}", warning);
        }

        device.Controller.StatusChanged += OnStatusChanged;
        device.AuditTrail.Appended += OnAudit;
        device.Loop.WorkFailed += exception => log.LogError(exception, "A device loop work item failed");

        if (systemd.HeartbeatPeriod is { } period)
        {
            var notifier = new SystemdNotifier();

            // The send is handed to the thread pool: the loop does no I/O.
            _watchdog = new LoopWatchdog(time, device.Loop.Post, period, () => ThreadPool.UnsafeQueueUserWorkItem(static n => n.Notify(Watchdog), notifier, preferLocal: false));
            _watchdog.Start();
            log.LogInformation("Watchdog: fed from the device loop every {Period} ms (timeout {Timeout} ms)", period.TotalMilliseconds, systemd.WatchdogTimeout!.Value.TotalMilliseconds);
        }

        if (rigMode is not null)
        {
            await StartRigAsync(rigMode, cancellationToken).ConfigureAwait(false);
        }

        running.Assembly.Start();
        foreach (var problem in running.Optional.OpenErrors)
        {
            log.LogWarning("Optional hardware: {Problem}", problem);
        }

        if (_rig is not null)
        {
            _rig.Battery = running.Optional.Battery;
        }

        if (device.Controller.Status.State is DeviceState.Buffering or DeviceState.Docked)
        {
            _settled.TrySetResult();
        }

        try
        {
            await _settled.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // SIGTERM before Buffering (a camera that never delivered, a device in Fault): a stop
            // as asked, not a failed start. The host goes on to StopAsync, which writes the
            // shutdown line and closes the device; the exit code is 0.
            log.LogInformation("Stopped before ready, in state {State}", device.Controller.Status.State);
            return;
        }

        log.LogInformation("Ready: {State}", device.Controller.Status.State);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _watchdog?.Dispose();
        if (_rigServer is not null)
        {
            await _rigServer.DisposeAsync().ConfigureAwait(false);
        }

        _rigRecordings?.Dispose();
        var device = running.Device;
        var recorded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        device.Loop.Post(() =>
        {
            device.AuditTrail.Record("shutdown", ("state", device.Controller.Status.State.ToString()));
            recorded.SetResult();
        });
        try
        {
            // A hung loop never records it; the host's shutdown timeout ends the wait.
            await recorded.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await running.DisposeAsync().ConfigureAwait(false);
        }

        log.LogInformation("Stopped: pins closed, audit log flushed");
    }

    private async Task StartRigAsync(RigModeOptions options, CancellationToken cancellationToken)
    {
        var device = running.Device;
        var inputs = device.Hardware.Inputs.Map.Keys.Order().ToArray();
        _rigRecordings = new RecordingsDirectory(running.Options.Recording.Directory);
        var rig = new RigDevice(
            device.Controller,
            device.AuditTrail,
            device.Audit,
            new InjectedInputs(device.Controller, inputs),
            new TracedOutputs(running.Options.Pins, device.Tracing.Trace),
            environment: null,
            _rigRecordings,
            time);
        if (running.Capture is { } capture)
        {
            // The pre-roll a rig sees is the real pipeline's, as on the emulator.
            rig.Report(capture, running.Options.Camera.Source.ToString().ToLowerInvariant(), running.Options.Recording.PreRecord,
                "automatic: the supervisor restarts a failed camera with back-off (Camera.Restart)");
        }

        rig.Identity = new IdentityView(running.Options.Identity.DeviceSerial, running.Evidence.Key.PublicKeyPem, running.Evidence.Key.Fingerprint);
        _rig = rig;
        _rigServer = await RigModeServer.StartAsync(rig, options, cancellationToken).ConfigureAwait(false);
        log.LogWarning("Rig mode: control API on {Url} (bearer token required)", _rigServer.Url);
    }

    // On the loop, after every status change.
    private void OnStatusChanged(DeviceStatus status)
    {
        if (status.State != _lastState)
        {
            _lastState = status.State;
            log.LogInformation("State: {State}", status.State);
        }

        if (status.State is DeviceState.Buffering or DeviceState.Docked)
        {
            _settled.TrySetResult();
        }
    }

    // On the loop; the console logger queues the line, so this does not wait for the terminal or journal.
    private void OnAudit(AuditEntry entry) =>
        log.LogInformation("Audit {Sequence} {Kind} {Details}", entry.Sequence, entry.Kind, string.Join(" ", entry.Details.Select(pair => $"{pair.Key}={pair.Value}")));
}
