// Power cut: SIGKILL of the device's whole process group (bodycam and its ffmpeg) at a random
// moment of a random phase, then a restart on the same state directory, which is the next
// trial's device (a series of cuts on one device, as a camera lives through them). In a third of
// the trials the device ran under strace and every file is cut back to its length at its last
// sync before the restart: what a real power cut, not just a kill, leaves.
// Beyond the shared invariants: the restart seals each torn clip as interrupted, and the footage
// on storage reaches the kill (or the stop request) within KillLossBound.
using BodyCamDevice.Torture.Checks;
using BodyCamDevice.Torture.Device;

namespace BodyCamDevice.Torture.Faults;

internal class PowerCutFault : Fault
{
    /// <summary>A kill may lose the GOP being built (1 s at the camera's 30-frame GOP) and what was still inside the encoder.</summary>
    public static readonly TimeSpan KillLossBound = TimeSpan.FromSeconds(1.5);

    private const int SeriesLength = 20;

    private static readonly string[] Phases = ["buffering", "starting", "recording", "sealing", "split", "boot"];

    private DeviceSession? _session;
    private int _sessions;
    private int _inSeries;
    private bool _nextTraced;

    public override string Name => "power-cut";

    public override string Description => "SIGKILL of bodycam and its ffmpeg while buffering, starting, recording, sealing, at a clip split or during the next boot's recovery; a third also lose every unsynced byte";

    public override int FullTrials => 100;

    public override async Task RunTrialAsync(Trial trial)
    {
        if (_session is null || _session.Device is null || _inSeries >= SeriesLength)
        {
            _session?.Remove(keep: false);
            _session = new DeviceSession(trial.Environment, $"{Name}-{++_sessions:D2}");
            _inSeries = 0;
            if (!await PrepareAsync(trial, _session) || !await _session.StartAsync(trial, new DeviceLaunch(TraceSyncs: _nextTraced)))
            {
                Abandon();
                return;
            }
        }

        _inSeries++;
        try
        {
            await CutAndCheckAsync(trial);
        }
        finally
        {
            if (!trial.Survived)
            {
                Abandon();
            }
        }
    }

    /// <summary>Readies a new device's workspace before its first start; false (and the invariant broken) when it cannot.</summary>
    protected virtual Task<bool> PrepareAsync(Trial trial, DeviceSession session) => Task.FromResult(true);

    /// <summary>The clip ffprobe reads to measure the footage: the clip itself, or its plaintext on a device that encrypts.</summary>
    protected virtual string? Probed(Trial trial, string clip, Manifest manifest) => clip;

    private async Task CutAndCheckAsync(Trial trial)
    {
        var session = _session!;
        bool traced = session.Device!.TracePath is not null;
        string phase = Phases[trial.Random.Next(Phases.Length)];
        trial.Log($"phase {phase}{(traced ? ", unsynced bytes lost" : "")}");
        var (cutAt, stoppedAt, recording) = await AttackAsync(trial, phase);
        var (at, torn) = session.PowerCut(trial);
        cutAt ??= at;
        _nextTraced = trial.Random.Next(3) == 0;

        if (phase == "boot")
        {
            // Power back on, and off again while the device is still starting (recovering the torn clip).
            await session.LaunchAsync(trial, new DeviceLaunch(TraceSyncs: traced));
            await Task.Delay(TimeSpan.FromMilliseconds(trial.Random.Next(0, 2500)));
            var (_, tornAgain) = session.PowerCut(trial);
            torn = torn.Union(tornAgain).ToList();
            trial.Log("power cut again during the boot after it");
        }

        if (!await session.StartAsync(trial, new DeviceLaunch(TraceSyncs: _nextTraced)))
        {
            return;
        }

        session.Check(trial, torn);
        if (recording && trial.Survived)
        {
            MeasureLoss(trial, stoppedAt is { } stop && stop < cutAt.Value ? stop : cutAt.Value);
        }
    }

    // The last series' device is ended as systemd ends it: SIGTERM, exit 0 within the stop timeout.
    public override Task FinishAsync(Trial end)
    {
        if (_session is { } session)
        {
            session.Stop(end);
            session.Remove(keep: !end.Survived);
        }

        _session = null;
        return Task.CompletedTask;
    }

    // Drives the device into the phase and returns when to cut: the moment of a stop request (the
    // footage must reach it) and whether a recording was running.
    private async Task<(DateTimeOffset? CutAt, DateTimeOffset? StoppedAt, bool Recording)> AttackAsync(Trial trial, string phase)
    {
        var device = _session!.Device!;
        var random = trial.Random;
        switch (phase)
        {
            case "buffering":
                await Task.Delay(random.Next(0, 3000));
                return (null, null, false);
            case "starting":
                _ = device.PostAsync("api/recording/start");
                await Task.Delay(random.Next(0, 400));
                return (null, null, false);
            case "sealing":
                await StartRecordingAsync(trial);
                await Task.Delay(random.Next(1000, 4000));
                DateTimeOffset stop = DateTimeOffset.UtcNow;
                _ = device.PostAsync("api/recording/stop");
                await Task.Delay(random.Next(0, 300));
                return (null, stop, true);
            case "split":
                await StartRecordingAsync(trial);
                int sealedBefore = Sealed();
                var clock = System.Diagnostics.Stopwatch.StartNew();
                while (Sealed() == sealedBefore && clock.Elapsed < TimeSpan.FromSeconds(10))
                {
                    await Task.Delay(5);
                }

                await Task.Delay(random.Next(0, 250));
                return (null, null, true);
            default: // recording, boot
                await StartRecordingAsync(trial);
                await Task.Delay(random.Next(300, 6000));
                return (null, null, true);
        }
    }

    private async Task StartRecordingAsync(Trial trial)
    {
        if (!await _session!.Device!.PostAsync("api/recording/start"))
        {
            trial.Break("recovery", "the start request failed");
        }

        await _session.ExpectStateAsync(trial, "after a start request", "Recording");
    }

    private int Sealed() => Directory.Exists(_session!.Workspace.RecordingsDirectory) ? Directory.GetFiles(_session.Workspace.RecordingsDirectory, "*.json").Length : 0;

    // The footage on storage must reach `until` (the cut, or the stop request before it) within the bound.
    private void MeasureLoss(Trial trial, DateTimeOffset until)
    {
        double end = 0;
        foreach (string clip in _session!.Workspace.Clips())
        {
            string manifestPath = Path.ChangeExtension(clip, ".json");
            if (File.Exists(manifestPath))
            {
                var manifest = Manifest.Read(manifestPath);
                if (Probed(trial, clip, manifest) is { } probed)
                {
                    end = Math.Max(end, manifest.ClipStartEpochMs + (ClipProbe.Of(probed).DurationSeconds * 1000));
                }
            }
        }

        double lost = Math.Max(0, (until.ToUnixTimeMilliseconds() - end) / 1000);
        trial.LostSeconds = lost;
        trial.Log($"footage ends {lost:F3} s before {until:HH:mm:ss.fff}");
        if (lost > KillLossBound.TotalSeconds)
        {
            trial.Break("kill-loss", $"the footage ends {lost:F2} s before the power cut (bound {KillLossBound.TotalSeconds} s)");
        }
    }

    private void Abandon()
    {
        _session?.Remove(keep: true);
        _session = null;
    }
}
