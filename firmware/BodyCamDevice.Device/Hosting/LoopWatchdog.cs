// Feeds a watchdog from the device's event loop itself: every Period a timer posts a heartbeat
// into the loop, and only when the loop runs it is the watchdog fed. A loop that hangs (a work
// item that never returns) stops feeding, and systemd restarts the service.
// At most one heartbeat waits in the loop's queue: a hung loop does not pile them up, and a loop
// that comes back feeds once, not in a burst.
// Threads: the timer fires on the TimeProvider's timer thread; Feed runs on the loop.
namespace BodyCamDevice.Device.Hosting;

internal sealed class LoopWatchdog : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Action<Action> _post;
    private readonly Action _feed;
    private ITimer? _timer;
    private int _heartbeatQueued;
    private long _fed;
    private long _missed;

    /// <param name="post">Posts work into the device loop (DeviceEventLoop.Post).</param>
    /// <param name="period">Time between heartbeats: half the watchdog timeout, as sd_watchdog_enabled(3) advises.</param>
    /// <param name="feed">Called on the loop for each heartbeat it runs; must not block (hand I/O elsewhere).</param>
    public LoopWatchdog(TimeProvider time, Action<Action> post, TimeSpan period, Action feed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        _time = time;
        _post = post;
        _feed = feed;
        Period = period;
    }

    public TimeSpan Period { get; }

    /// <summary>Heartbeats the loop ran (times the watchdog was fed).</summary>
    public long Fed => Interlocked.Read(ref _fed);

    /// <summary>Timer ticks that found the previous heartbeat still waiting in the loop.</summary>
    public long Missed => Interlocked.Read(ref _missed);

    /// <summary>The first heartbeat goes out at once, then one every <see cref="Period"/>.</summary>
    public void Start() => _timer ??= _time.CreateTimer(static state => ((LoopWatchdog)state!).Tick(), this, TimeSpan.Zero, Period);

    public void Dispose() => _timer?.Dispose();

    private void Tick()
    {
        if (Interlocked.CompareExchange(ref _heartbeatQueued, 1, 0) != 0)
        {
            Interlocked.Increment(ref _missed);
            return;
        }

        _post(Heartbeat);
    }

    private void Heartbeat()
    {
        Volatile.Write(ref _heartbeatQueued, 0);
        Interlocked.Increment(ref _fed);
        _feed();
    }
}
