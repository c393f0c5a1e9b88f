// Turns one button's debounced presses into gestures: press, double-press, short press, hold.
// A handler that acts on a gesture returns true ("consumed"); the rest of that press then yields
// nothing more. So the press that completes a double-press and starts a recording can never also
// stop it by being held, and a button stuck down produces exactly one Hold, never a repeat.
//
// Runs on the device loop only.
namespace BodyCamDevice.Firmware.Core.Gestures;

public sealed class ButtonGestureDetector
{
    private readonly IDeviceScheduler _scheduler;
    private readonly TimeSpan _doublePressWindow;
    private readonly TimeSpan _holdTime;
    private readonly Func<ButtonGesture, bool> _handler;
    private IScheduledWork? _holdTimer;
    private bool _pressConsumed;
    private bool _isDown;

    // Monotonic timestamp (TimeProvider ticks) of the previous unconsumed press start, if it may
    // still become the first half of a double-press.
    private long? _previousPressStart;

    /// <param name="doublePressWindow">Null disables double-press detection.</param>
    /// <param name="handler">Called on the loop; returns true when it acted on the gesture.</param>
    public ButtonGestureDetector(IDeviceScheduler scheduler, TimeSpan? doublePressWindow, TimeSpan holdTime, Func<ButtonGesture, bool> handler)
    {
        _scheduler = scheduler;
        _doublePressWindow = doublePressWindow ?? TimeSpan.Zero;
        _holdTime = holdTime;
        _handler = handler;
    }

    public bool IsDown => _isDown;

    /// <summary>Feed the debounced level; true = pressed.</summary>
    public void OnDebouncedLevel(bool pressed)
    {
        if (pressed == _isDown)
        {
            return;
        }

        _isDown = pressed;
        if (pressed)
        {
            OnPressed();
        }
        else
        {
            OnReleased();
        }
    }

    private void OnPressed()
    {
        var now = _scheduler.Time.GetTimestamp();
        _pressConsumed = _handler(ButtonGesture.Press);

        var isDouble = !_pressConsumed
            && _doublePressWindow > TimeSpan.Zero
            && _previousPressStart is { } previous
            && _scheduler.Time.GetElapsedTime(previous, now) <= _doublePressWindow;

        if (isDouble)
        {
            // The pair is used up either way: a third press starts a new sequence.
            _previousPressStart = null;
            _pressConsumed = _handler(ButtonGesture.DoublePress);
        }
        else
        {
            _previousPressStart = _pressConsumed ? null : now;
        }

        if (!_pressConsumed)
        {
            _holdTimer = _scheduler.ScheduleAfter(_holdTime, OnHeld);
        }
    }

    private void OnReleased()
    {
        _holdTimer?.Cancel();
        _holdTimer = null;
        if (!_pressConsumed)
        {
            _handler(ButtonGesture.ShortPress);
        }

        _pressConsumed = false;
    }

    private void OnHeld()
    {
        _holdTimer = null;
        if (!_isDown || _pressConsumed)
        {
            return;
        }

        // Whether or not the handler acts on it, a held press is over as far as gestures go.
        _pressConsumed = true;
        _previousPressStart = null;
        _handler(ButtonGesture.Hold);
    }
}
