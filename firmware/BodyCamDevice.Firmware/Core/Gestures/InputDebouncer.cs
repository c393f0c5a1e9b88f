// Lock-out debouncing of one input line. The first edge after a quiet period is accepted at once
// (so the device reacts within the loop's latency, not after a settling delay); edges during the
// following debounce window are contact bounce and ignored; when the window ends the line is
// sampled again and, if it settled on the other level, that change is accepted then.
// Consequence: accepted changes are always at least one window apart, and any burst of chatter
// shorter than a window after an edge adds no press.
//
// Runs on the device loop only.
namespace BodyCamDevice.Firmware.Core.Gestures;

public sealed class InputDebouncer
{
    private readonly IDeviceScheduler _scheduler;
    private readonly TimeSpan _window;
    private readonly Action<bool> _changed;
    private bool _rawActive;
    private bool _acceptedActive;
    private IScheduledWork? _windowEnd;

    /// <param name="changed">Called on the loop with the new debounced level (true = active).</param>
    public InputDebouncer(IDeviceScheduler scheduler, TimeSpan window, Action<bool> changed, bool initiallyActive = false)
    {
        _scheduler = scheduler;
        _window = window;
        _changed = changed;
        _rawActive = initiallyActive;
        _acceptedActive = initiallyActive;
    }

    public bool IsActive => _acceptedActive;

    public void OnRawLevel(bool active)
    {
        _rawActive = active;
        if (_windowEnd is null && _rawActive != _acceptedActive)
        {
            Accept();
        }
    }

    private void Accept()
    {
        _acceptedActive = _rawActive;
        _windowEnd = _scheduler.ScheduleAfter(_window, OnWindowEnd);
        _changed(_acceptedActive);
    }

    private void OnWindowEnd()
    {
        _windowEnd = null;
        if (_rawActive != _acceptedActive)
        {
            Accept();
        }
    }
}
