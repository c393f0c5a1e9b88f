// Catches the next change of one output pin to an expected level on a VirtualGpioDriver and hands
// back the timestamp the driver recorded for it. The edge may come on any thread (the one that
// pressed, or a timer thread that was draining the device loop at the time).
using System.Device.Gpio;
using BodyCamDevice.Firmware.Hardware.Virtual;

namespace BodyCamDevice.Benchmarks.Latency;

internal sealed class OutputEdgeCatcher : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private readonly VirtualGpioDriver _driver;
    private readonly TimeProvider _time;
    private readonly int _pin;
    private readonly ManualResetEventSlim _seen = new();
    private PinValue _expected;
    private int _armed;
    private long _timestamp;

    public OutputEdgeCatcher(VirtualGpioDriver driver, TimeProvider time, int pin)
    {
        _driver = driver;
        _time = time;
        _pin = pin;
        _driver.Changed += OnChanged;
    }

    /// <summary>
    /// Times <paramref name="cause"/> (taken just before it is called) to the pin's change to
    /// <paramref name="expected"/> and adds the result to <paramref name="into"/>: a latency, or a
    /// miss when no such edge came within a second. Null <paramref name="into"/> measures nothing (warm-up).
    /// </summary>
    public void Measure(PinValue expected, Action cause, LatencySamples? into)
    {
        Arm(expected);
        var start = _time.GetTimestamp();
        cause();
        var end = Wait(Timeout);
        if (into is null)
        {
            return;
        }

        if (end is { } edge)
        {
            into.Add(start, edge, _time.TimestampFrequency);
        }
        else
        {
            into.AddMiss();
        }
    }

    /// <summary>Call before causing the change.</summary>
    public void Arm(PinValue expected)
    {
        _seen.Reset();
        _expected = expected;
        Volatile.Write(ref _armed, 1);
    }

    /// <returns>The driver's timestamp of the edge, or null when none came within <paramref name="timeout"/>.</returns>
    public long? Wait(TimeSpan timeout)
    {
        if (_seen.Wait(timeout))
        {
            return Volatile.Read(ref _timestamp);
        }

        Volatile.Write(ref _armed, 0);
        return null;
    }

    public void Dispose()
    {
        _driver.Changed -= OnChanged;
        _seen.Dispose();
    }

    private void OnChanged(PinEdge edge)
    {
        if (edge.IsOutput && edge.Pin == _pin && edge.Value == _expected && Interlocked.CompareExchange(ref _armed, 0, 1) == 1)
        {
            Volatile.Write(ref _timestamp, edge.Timestamp);
            _seen.Set();
        }
    }
}
