// What the steps of one scenario run share: the target, and the marks that expectations look
// back to — where the last action began (on the device timeline) and the last audit entry
// before it — plus the recordings that existed before the scenario began.
namespace BodyCamDevice.Emulator.Scenarios;

internal sealed class ScenarioContext(IScenarioTarget target, TextWriter log)
{
    public IScenarioTarget Target => target;

    public TextWriter Log => log;

    /// <summary>Device-timeline ms at which the most recent action step began.</summary>
    public double ActionMarkMs { get; set; }

    /// <summary>Sequence number of the last audit entry before the most recent action step.</summary>
    public long AuditMark { get; set; }

    public HashSet<string> RecordingsBefore { get; } = new(StringComparer.Ordinal);

    /// <summary>Remarks that are not failures, printed after the steps.</summary>
    public List<string> Notes { get; } = new();

    /// <summary>Lets device time pass until <paramref name="untilMs"/> on the device timeline.</summary>
    public async Task WaitUntilAsync(double untilMs)
    {
        var now = await target.NowMsAsync();
        if (untilMs > now)
        {
            await target.WaitAsync(TimeSpan.FromMilliseconds(untilMs - now));
        }
    }

    /// <summary>Polls <paramref name="check"/> until true or <paramref name="within"/> of device time passed.</summary>
    public async Task<bool> WaitForAsync(Func<Task<bool>> check, TimeSpan within)
    {
        var poll = TimeSpan.FromMilliseconds(target.IsVirtualTime ? 10 : 25);
        var deadline = await target.NowMsAsync() + within.TotalMilliseconds;
        while (true)
        {
            if (await check())
            {
                return true;
            }

            if (await target.NowMsAsync() >= deadline)
            {
                return false;
            }

            await target.WaitAsync(poll);
        }
    }
}
