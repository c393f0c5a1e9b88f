// A bounded, timestamped record of every output change, shared by the tracing GPIO driver and
// the tracing PWM channels of one device. Bounded so a device tracing for days keeps a fixed
// amount of memory: when full, the oldest events are dropped and counted.
// Threading: Append and the readers are thread-safe; Recorded runs on the appending thread,
// after the lock is released.
namespace BodyCamDevice.Firmware.Hardware.Tracing;

public sealed class OutputTrace
{
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly OutputTraceEvent[] _ring;
    private long _next = 1;
    private int _start;
    private int _count;

    /// <param name="capacity">Events kept; 200,000 is about 11 MB and a day of 1 Hz blinking on two LEDs.</param>
    public OutputTrace(TimeProvider time, int capacity = 200_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _time = time;
        _ring = new OutputTraceEvent[capacity];
    }

    /// <summary>Raised after each event is stored, on the thread that drove the output.</summary>
    public event Action<OutputTraceEvent>? Recorded;

    public TimeProvider Time => _time;

    /// <summary>Events dropped because the trace was full (oldest first).</summary>
    public long Dropped { get; private set; }

    public OutputTraceEvent Append(string line, bool high, int frequencyHz, double dutyCycle)
    {
        OutputTraceEvent recorded;
        lock (_lock)
        {
            recorded = new OutputTraceEvent(_next++, _time.GetTimestamp(), _time.GetUtcNow(), line, high, frequencyHz, dutyCycle);
            if (_count == _ring.Length)
            {
                _start = (_start + 1) % _ring.Length;
                _count--;
                Dropped++;
            }

            _ring[(_start + _count) % _ring.Length] = recorded;
            _count++;
        }

        Recorded?.Invoke(recorded);
        return recorded;
    }

    /// <summary>Events of <paramref name="line"/> (or every line when null) with a timestamp at or after <paramref name="sinceTimestamp"/>, oldest first.</summary>
    public IReadOnlyList<OutputTraceEvent> Events(string? line = null, long sinceTimestamp = long.MinValue)
    {
        var result = new List<OutputTraceEvent>();
        lock (_lock)
        {
            for (var i = 0; i < _count; i++)
            {
                var item = _ring[(_start + i) % _ring.Length];
                if (item.Timestamp >= sinceTimestamp && (line is null || item.Line == line))
                {
                    result.Add(item);
                }
            }
        }

        return result;
    }

    /// <summary>The newest event of <paramref name="line"/>, if it is still in the trace.</summary>
    public OutputTraceEvent? Last(string line)
    {
        lock (_lock)
        {
            for (var i = _count - 1; i >= 0; i--)
            {
                var item = _ring[(_start + i) % _ring.Length];
                if (item.Line == line)
                {
                    return item;
                }
            }
        }

        return null;
    }

    public void Clear()
    {
        lock (_lock)
        {
            _start = 0;
            _count = 0;
        }
    }

    public static string GpioLine(int pin) => $"GPIO{pin}";

    public static string PwmLine(int chip, int channel) => $"PWM{chip}/{channel}";
}
