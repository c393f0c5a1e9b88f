// A fault the torture injects: a name (what `--only` takes), a trial routine that attacks a real
// device, and the invariant checks that judge what survived. A fault may keep a device running
// from one trial to the next (a power cut's restart is the next trial's device); Finish ends it.
// New kinds (offload, docking) are further subclasses listed in FaultCatalog.
namespace BodyCamDevice.Torture;

internal abstract class Fault
{
    /// <summary>How long a device may take to return to Buffering (or show a fault) after a start or a fault's end, with no help.</summary>
    public static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(30);

    public abstract string Name { get; }

    /// <summary>One line: what a trial does.</summary>
    public abstract string Description { get; }

    /// <summary>Trials in a full run (`--trials` overrides).</summary>
    public virtual int FullTrials => 10;

    /// <summary>Runs one trial: injects the fault and checks the invariants, recording breaches on the trial.</summary>
    public abstract Task RunTrialAsync(Trial trial);

    /// <summary>
    /// Stops whatever the fault kept running between trials. What that stop breaks (a device kept
    /// from the last trial that does not end cleanly) is recorded on <paramref name="end"/> and
    /// counts against the last trial.
    /// </summary>
    public virtual Task FinishAsync(Trial end) => Task.CompletedTask;
}
