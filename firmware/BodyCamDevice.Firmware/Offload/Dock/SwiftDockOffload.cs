// The dock's offload adapter: started by the controller when the camera is docked, it first
// sweeps the camera's own leftovers (LocalRetentionSweep: files of recordings confirmed earlier,
// journals that guard nothing), then reads the connection in use, asks the store's host for the time when the connection says so (DockClock),
// reads the sealed recordings (RecordingFolder: never the one being written),
// runs an OffloadSession against the store (evidence first, then oldest), and reports its phase
// and per-object progress back to the controller, which shows them. Undocking cancels it: the
// session stops where it is and the journals resume it at the next dock.
// Threads: Start and Stop come from the device loop and return at once; the work runs on a task
// of its own; reports are posted back to the loop through the controller. One dock at a time.
using BodyCamDevice.Firmware.Evidence;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Offload;
using BodyCamDevice.Firmware.Offload.Categories;
using BodyCamDevice.Firmware.Offload.Connection;
using BodyCamDevice.Firmware.Offload.Recordings;

namespace BodyCamDevice.Firmware.Offload.Dock;

public sealed partial class SwiftDockOffload : IDockOffload, IAsyncDisposable
{
    private readonly DeviceController _controller;
    private readonly DeviceOptions _options;
    private readonly DockOffloadPorts _ports;
    private readonly TimeProvider _time;
    private readonly ClockSyncRecord? _clockSync;
    private readonly Lock _gate = new();
    private CancellationTokenSource? _cancel;
    private Task _run = Task.CompletedTask;

    /// <param name="clockSync">Where the clock check at the dock is kept for the manifests; null: not kept.</param>
    public SwiftDockOffload(DeviceController controller, DeviceOptions options, DockOffloadPorts ports, TimeProvider time, ClockSyncRecord? clockSync = null)
    {
        _controller = controller;
        _options = options;
        _ports = ports;
        _time = time;
        _clockSync = clockSync;
    }

    /// <summary>The offload under way (or the last one), for shutdown and tests.</summary>
    public Task Running
    {
        get
        {
            lock (_gate)
            {
                return _run;
            }
        }
    }

    public void Start(long dock)
    {
        lock (_gate)
        {
            CancelRun();
            var cancel = _cancel = new CancellationTokenSource();
            var previous = _run;
            // A dock that follows an undock at once waits for the last one to have stopped.
            _run = Task.Run(async () =>
            {
                await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                await RunAsync(dock, cancel.Token).ConfigureAwait(false);
            });
        }
    }

    public void Stop()
    {
        lock (_gate)
        {
            CancelRun();
        }
    }

    // Called on the device loop: the cancellation's callbacks (aborting requests) run elsewhere.
    private void CancelRun()
    {
        if (_cancel is { } cancel)
        {
            _ = cancel.CancelAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Stop();
        await Running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (_gate)
        {
            _cancel?.Dispose();
            _cancel = null;
        }
    }

    private async Task RunAsync(long dock, CancellationToken cancellationToken)
    {
        var progress = new DockProgress(_controller, dock, _time);
        try
        {
            Directory.CreateDirectory(_ports.JournalDirectory);
            LocalRetentionSweep.Run(_ports.JournalDirectory, _options.Recording.Directory, _controller.Status.RecordingId, _time.GetUtcNow(), _options.Offload.Retention, _controller.AuditOffload);
            var loaded = File.Exists(_ports.ConnectionPath) ? ConnectionFileReader.Load(_ports.ConnectionPath) : null;
            if (loaded?.Settings is not { } connection)
            {
                progress.Fail(loaded is null
                    ? $"no evidence store connection: {_ports.ConnectionPath} is missing (bodycam connection set FILE installs one)"
                    : $"the evidence store connection {_ports.ConnectionPath} is not valid: " + string.Join("; ", loaded.Errors.Select(error => $"{error.Field}: {error.Problem}")));
                return;
            }

            await DockClock.CheckAsync(connection, _ports, _options.Clock.EarliestValidTime, _controller, _time, _clockSync, cancellationToken).ConfigureAwait(false);
            var scan = RecordingFolder.Read(_options.Recording.Directory, _controller.Status.RecordingId);
            foreach (var problem in scan.Problems)
            {
                _controller.AuditOffload("offload-skipped", ("detail", problem));
            }

            ReusedRecordingIds.SetAsideForeignJournals(scan.Recordings, _ports.JournalDirectory, _time.GetUtcNow(), _controller.AuditOffload);
            progress.Begin(scan.Recordings.Count);
            var session = new OffloadSession(connection, new OffloadSessionOptions(_options.Identity.DeviceSerial, _ports.SigningKeyPem, _ports.JournalDirectory, _options.Offload), _time, progress);
            var report = await session.RunAsync(scan.Recordings, cancellationToken).ConfigureAwait(false);
            KeepCategories(report.Profile);
            AfterOffload(report, progress);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _controller.AuditOffload("offload-cancelled", ("reason", "undocked or shut down"));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException or HttpRequestException)
        {
            progress.Fail("the offload stopped: " + exception.Message);
        }
    }

    // The store's categories, as it answered at this dock, kept on the camera for use undocked.
    private void KeepCategories(StoreProfile? profile)
    {
        if (profile is not { CategoriesRead: true })
        {
            if (profile?.CategoriesNote is { } note)
            {
                _controller.AuditOffload("categories-kept", ("reason", note));
            }

            return;
        }

        try
        {
            var catalog = CategoryCatalogFile.Save(_ports.CategoryCatalogPath, profile.Categories, _time.GetUtcNow(), profile.CategoriesNote ?? "read from the store");
            _controller.SetCategoryCatalog(catalog);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Never in the way of what the dock leaves: the copy from before stays in use.
            _controller.AuditOffload("categories-kept", ("reason", $"{_ports.CategoryCatalogPath} cannot be written: {exception.Message}"));
        }
    }

    // What the dock leaves: each recording's result in the audit log, the local files of every
    // confirmed recording deleted (ConfirmedFileRemoval), a rejected one kept and marked not
    // transferred (its journal keeps the mark; the status lists it), then the phase.
    private void AfterOffload(OffloadReport report, DockProgress progress)
    {
        foreach (var result in report.Recordings)
        {
            _controller.AuditOffload(result.Outcome == RecordingOffloadOutcome.NotTransferred ? "not-transferred" : "offload-recording",
                ("recording", result.RecordingId), ("outcome", result.Outcome.ToString()),
                ("container", result.Container ?? ""), ("reason", result.Reason ?? ""), ("rejectedContainer", result.RejectedContainer ?? ""),
                ("objectsSent", result.ObjectsSent.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var removal = ConfirmedFileRemoval.Remove(result, _ports.JournalDirectory, _controller.AuditOffload);
            progress.Kept(removal.Kept);
        }

        if (report.Outcome == OffloadOutcome.Cancelled)
        {
            _controller.AuditOffload("offload-cancelled", ("reason", report.Reason ?? "undocked"));
            return;
        }

        progress.Finish(report);
    }
}
