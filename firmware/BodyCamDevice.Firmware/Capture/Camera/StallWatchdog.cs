// Notices an encoder that stopped delivering video. Feed is called for every video frame; if none
// arrives for StallTimeout (or, before the first, for StartTimeout) OnStall fires once, on a timer
// thread, with a reason for the log. A one-shot timer on the TimeProvider is re-armed for the time
// still left, so a healthy stream costs one volatile write per frame and about one timer wake-up
// per StallTimeout, and tests drive it with a fake clock.
namespace BodyCamDevice.Firmware.Capture.Camera;

internal sealed class StallWatchdog : IDisposable
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _startTimeout;
    private readonly TimeSpan _stallTimeout;
    private readonly Action<string> _onStall;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private long _startedAt;
    private long _lastFeed;
    private volatile bool _fed;
    private bool _finished;

    public StallWatchdog(TimeProvider time, TimeSpan startTimeout, TimeSpan stallTimeout, Action<string> onStall)
    {
        _time = time;
        _startTimeout = startTimeout;
        _stallTimeout = stallTimeout;
        _onStall = onStall;
    }

    public void Start()
    {
        lock (_gate)
        {
            _startedAt = _time.GetTimestamp();
            Arm(Shorter(_startTimeout, _stallTimeout));
        }
    }

    // Reader thread, once per video frame.
    public void Feed()
    {
        Volatile.Write(ref _lastFeed, _time.GetTimestamp());
        _fed = true;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _finished = true;
            _timer?.Dispose();
        }
    }

    private void Check()
    {
        string reason;
        lock (_gate)
        {
            if (_finished)
            {
                return;
            }

            bool fed = _fed;
            TimeSpan limit = fed ? _stallTimeout : _startTimeout;
            TimeSpan quiet = _time.GetElapsedTime(fed ? Volatile.Read(ref _lastFeed) : _startedAt);
            if (quiet < limit)
            {
                // Before the first frame, look again at least every StallTimeout: the first frame
                // may come any moment, and a stall after it must be seen within StallTimeout.
                Arm(fed ? limit - quiet : Shorter(limit - quiet, _stallTimeout));
                return;
            }

            _finished = true;
            reason = fed
                ? $"no video from the encoder for {quiet.TotalSeconds:0.0} s"
                : $"no video from the encoder within {limit.TotalSeconds:0.0} s of starting it";
        }

        _onStall(reason);
    }

    // A fresh one-shot timer rather than ITimer.Change: a fake clock that steps from one created
    // timer's due time to the next sees it (one small allocation per StallTimeout).
    private void Arm(TimeSpan dueTime)
    {
        _timer?.Dispose();
        _timer = _time.CreateTimer(_ => Check(), null, dueTime, Timeout.InfiniteTimeSpan);
    }

    private static TimeSpan Shorter(TimeSpan first, TimeSpan second) => first < second ? first : second;
}
