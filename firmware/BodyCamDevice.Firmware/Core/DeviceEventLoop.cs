// The one ordered place where the device's logic runs. Pin edges, timer expiries and pipeline
// reports are posted here from whatever thread produced them and run strictly one at a time,
// in the order posted, so a timer can never race a button edge.
//
// Threading: Post is thread-safe. The posting thread that finds the loop idle drains the queue
// itself (a serial executor), so an edge is handled without a thread hop and, with
// FakeTimeProvider or the virtual GPIO driver, everything a test triggers has run when its call
// returns. Work items must not block: the loop does no I/O.
using System.Collections.Concurrent;

namespace BodyCamDevice.Firmware.Core;

public sealed class DeviceEventLoop : IDeviceScheduler
{
    private readonly ConcurrentQueue<Action> _queue = new();
    private readonly TimeProvider _time;
    private int _draining;

    public DeviceEventLoop(TimeProvider time)
    {
        _time = time;
    }

    public TimeProvider Time => _time;

    /// <summary>
    /// True when nothing is queued and no thread is running the loop's work. For a virtual-time
    /// stepper: a timer's expiry posted while another thread drains the loop runs on that thread,
    /// later; the stepper must not look for the next timer before it has (it may create one).
    /// </summary>
    public bool IsIdle => _queue.IsEmpty && Volatile.Read(ref _draining) == 0;

    /// <summary>Raised (on the loop) when a work item throws; the loop itself keeps running.</summary>
    public event Action<Exception>? WorkFailed;

    public void Post(Action work)
    {
        _queue.Enqueue(work);
        Drain();
    }

    public IScheduledWork ScheduleAfter(TimeSpan delay, Action work)
    {
        var scheduled = new ScheduledWork(this, work);
        scheduled.Start(_time, delay);
        return scheduled;
    }

    private void Drain()
    {
        // Re-check after releasing: an item enqueued between our last TryDequeue and the release
        // would otherwise wait for the next Post.
        while (_queue.IsEmpty is false && Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            try
            {
                while (_queue.TryDequeue(out var work))
                {
                    try
                    {
                        work();
                    }
                    catch (Exception exception)
                    {
                        WorkFailed?.Invoke(exception);
                    }
                }
            }
            finally
            {
                Volatile.Write(ref _draining, 0);
            }
        }
    }

    // One-shot timer whose expiry is posted to the loop. Cancel is called on the loop, and the
    // posted item re-checks the flag on the loop, so a cancelled timer never runs even when it
    // had already fired.
    private sealed class ScheduledWork(DeviceEventLoop loop, Action work) : IScheduledWork
    {
        private ITimer? _timer;
        private volatile bool _cancelled;

        public void Start(TimeProvider time, TimeSpan delay)
        {
            _timer = time.CreateTimer(static state => ((ScheduledWork)state!).Fire(), this, delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
        }

        public void Cancel()
        {
            _cancelled = true;
            _timer?.Dispose();
        }

        private void Fire()
        {
            loop.Post(() =>
            {
                _timer?.Dispose();
                if (!_cancelled)
                {
                    _cancelled = true;
                    work();
                }
            });
        }
    }
}
