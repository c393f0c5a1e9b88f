// The shape most faults share: a fresh device per trial, buffering; a recording started through
// the control API; the fault injected at a random moment of it; then the device must carry on
// with no help — back to Recording or Buffering (or showing the fault) within the recovery
// bound —, stop the recording when asked, end cleanly on SIGTERM, and leave a folder that keeps
// every invariant. Footage lost is the time the recording's clips do not cover between its
// first frame and its last (holes between clips, and gaps declared inside them).
using BodyCamDevice.Torture.Checks;
using BodyCamDevice.Torture.Device;

namespace BodyCamDevice.Torture.Faults;

internal abstract class RecordingFault : Fault
{
    public override async Task RunTrialAsync(Trial trial)
    {
        var session = new DeviceSession(trial.Environment, $"{Name}-{trial.Number:D3}");
        try
        {
            await PrepareAsync(trial, session);
            if (!await session.StartAsync(trial, Launch(trial, session)))
            {
                return;
            }

            if (!await session.Device!.PostAsync("api/recording/start") || !await session.ExpectStateAsync(trial, "after a start request", "Recording"))
            {
                return;
            }

            await Task.Delay(trial.Random.Next(500, 3000));
            await InjectAsync(trial, session);
            if (!await session.ExpectStateAsync(trial, "after the fault", "Recording", "Buffering", "Fault"))
            {
                return;
            }

            await Task.Delay(trial.Random.Next(1000, 3000));
            await session.Device.PostAsync("api/recording/stop");
            if (await session.ExpectStateAsync(trial, "after a stop request", ExpectedAfterStop))
            {
                session.Stop(trial);
            }

            await AfterStopAsync(trial, session);
            session.Check(trial, foreign: Foreign);
            trial.LostSeconds = Holes(session.Workspace);
        }
        finally
        {
            await CleanUpAsync(session);
            session.Remove(keep: !trial.Survived);
        }
    }

    /// <summary>States the device may be in once a recording has been stopped after this fault.</summary>
    protected virtual string[] ExpectedAfterStop => ["Buffering"];

    /// <summary>Files the trial itself put in the recordings folder (judged separately).</summary>
    protected virtual IReadOnlyCollection<string> Foreign => [];

    protected virtual DeviceLaunch Launch(Trial trial, DeviceSession session) => new();

    protected virtual Task PrepareAsync(Trial trial, DeviceSession session) => Task.CompletedTask;

    protected abstract Task InjectAsync(Trial trial, DeviceSession session);

    protected virtual Task AfterStopAsync(Trial trial, DeviceSession session) => Task.CompletedTask;

    protected virtual Task CleanUpAsync(DeviceSession session) => Task.CompletedTask;

    // Seconds of the recordings' spans that no clip covers: holes between consecutive clips of a
    // recording (a camera restart) and gaps declared inside clips (the time they cover: several
    // gaps between the same two video frames share one span).
    public static double Holes(Workspace workspace)
    {
        var clips = workspace.Clips()
            .Where(clip => File.Exists(Path.ChangeExtension(clip, ".json")))
            .Select(clip => (Name: Path.GetFileName(clip), Manifest: Manifest.Read(Path.ChangeExtension(clip, ".json")), Probe: ClipProbe.Of(clip)))
            .ToList();
        double lost = clips.Sum(clip => clip.Manifest.GapCoverSeconds());
        foreach (var recording in clips.GroupBy(clip => clip.Name[..clip.Name.LastIndexOf("_clip", StringComparison.Ordinal)]))
        {
            var ordered = recording.OrderBy(clip => clip.Manifest.ClipStartEpochMs).ToList();
            for (int index = 1; index < ordered.Count; index++)
            {
                double previousEnd = ordered[index - 1].Manifest.ClipStartEpochMs + (ordered[index - 1].Probe.DurationSeconds * 1000);
                lost += Math.Max(0, (ordered[index].Manifest.ClipStartEpochMs - previousEnd) / 1000);
            }
        }

        return lost;
    }
}
