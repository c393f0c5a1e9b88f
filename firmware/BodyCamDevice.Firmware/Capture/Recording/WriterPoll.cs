// The recording writer's wait between looks at the pre-record reader: a one-shot timer on the
// TimeProvider, armed for PollInterval at each wait. The reader never blocks, so the writer polls.
//
// It also tells whoever moves virtual time that the writer has done all it can until time passes
// (RecordingSession.IsIdle): IsWaiting turns false in the timer's callback, on the thread that
// moves the clock, so right after a clock step a writer still waiting is one that has nothing to
// do. Wake ends a wait early (a frame is already there, or a stop waits); a wake that comes while
// no wait is on ends the next one at once, so a stop asked for just before the writer waits is
// never missed (a clock that does not move would never end that wait).
//
// Threads: WaitAsync from the writer task, one wait at a time; the callback on a timer thread (or
// the thread stepping a fake clock); IsWaiting, Watched and Wake from any thread.
namespace BodyCamDevice.Firmware.Capture.Recording;

internal sealed class WriterPoll : IDisposable
{
    private readonly ITimer _timer;
    private readonly TimeSpan _interval;
    private readonly Action _waiting;
    private TaskCompletionSource? _tick;
    private PreRecordReader? _watched;
    private volatile bool _isWaiting;
    private int _wakePending;

    // waiting: called each time the writer starts waiting (after the timer is armed).
    public WriterPoll(TimeProvider time, TimeSpan interval, Action waiting)
    {
        _interval = interval;
        _waiting = waiting;
        _timer = time.CreateTimer(static state => ((WriterPoll)state!).Wake(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public bool IsWaiting => _isWaiting;

    // The reader whose frames the current wait is for.
    public PreRecordReader? Watched => Volatile.Read(ref _watched);

    // Completes after PollInterval, or earlier through Wake.
    public Task WaitAsync(PreRecordReader watched)
    {
        // Waiting is set before the tick is published, so a Wake in between clears it.
        var tick = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _watched, watched);
        _isWaiting = true;
        Volatile.Write(ref _tick, tick);
        if (Interlocked.Exchange(ref _wakePending, 0) == 1 && Interlocked.Exchange(ref _tick, null) is not null)
        {
            _isWaiting = false;
            return Task.CompletedTask;
        }

        _timer.Change(_interval, Timeout.InfiniteTimeSpan);
        _waiting();
        return tick.Task;
    }

    public void Wake()
    {
        _isWaiting = false;
        if (Interlocked.Exchange(ref _tick, null) is { } tick)
        {
            tick.TrySetResult();
        }
        else
        {
            Volatile.Write(ref _wakePending, 1);
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        Wake();
    }
}
