// Keeps the spacing a client gave its edges. A client (the emulator's page, a rig script) sends
// each level change as its own request and may say when, on its own monotonic clock, the edge
// happened. Requests that queue up on the way (a busy machine, a slow network, a handler's first
// call) would otherwise reach the pin in a burst: a 100 ms press squeezed below the debounce time
// vanishes, and a double-press becomes nothing. So an edge is applied no sooner after the
// previous edge of the same input than the client saw it happen; the spacing may stretch by the
// latency added on the way, never shrink.
// Threading: any thread; edges of one input are applied one at a time, in request order.
using BodyCamDevice.Firmware.Core;

namespace BodyCamDevice.ControlApi.Rig;

public sealed class EdgePacer(IRigInputs inputs, TimeProvider time)
{
    /// <summary>
    /// Longest an edge is held back. A longer wait means the client's clock is not what it claims
    /// (or a different client is sending), so the edge goes through at once instead.
    /// </summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A press this long after the input's previous edge starts afresh: the latency kept from
    /// earlier edges is dropped, so one slow request does not delay every later edge. Far longer
    /// than any double-press window, so shortening such a gap changes no gesture.
    /// </summary>
    public static readonly TimeSpan FreshAfter = TimeSpan.FromSeconds(5);

    private readonly Dictionary<DeviceInput, InputPace> _paces = Enum.GetValues<DeviceInput>().ToDictionary(input => input, _ => new InputPace());

    /// <summary>Sets the level, waiting first if the client's spacing asks for it.</summary>
    /// <param name="clientMs">When the edge happened on the client's monotonic clock, in milliseconds; null applies it at once.</param>
    public async Task SetAsync(DeviceInput input, bool active, double? clientMs, CancellationToken cancellationToken)
    {
        var pace = _paces[input];
        await pace.Turn.WaitAsync(cancellationToken);
        try
        {
            var wait = WaitFor(pace, active, clientMs);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }

            // The moment is taken before the pin changes: the clock may move on once the new
            // level can be seen (a test steps its fake clock then), and the next edge's spacing
            // counts from the edge, not from whenever this line ran.
            long appliedAt = time.GetTimestamp();
            inputs.Set(input, active);
            pace.AppliedAt = appliedAt;
            pace.ClientMs = clientMs;
        }
        finally
        {
            pace.Turn.Release();
        }
    }

    private TimeSpan WaitFor(InputPace pace, bool active, double? clientMs)
    {
        if (clientMs is not { } now || pace.ClientMs is not { } before || now < before)
        {
            return TimeSpan.Zero;
        }

        var spacing = TimeSpan.FromMilliseconds(now - before);
        if (active && spacing >= FreshAfter)
        {
            return TimeSpan.Zero;
        }

        var wait = spacing - time.GetElapsedTime(pace.AppliedAt);
        return wait > LongestWait ? TimeSpan.Zero : wait;
    }

    /// <summary>One input's last applied edge; guarded by <see cref="Turn"/>.</summary>
    private sealed class InputPace
    {
        public SemaphoreSlim Turn { get; } = new(1, 1);

        /// <summary><see cref="TimeProvider.GetTimestamp"/> when the last edge was applied.</summary>
        public long AppliedAt { get; set; }

        public double? ClientMs { get; set; }
    }
}
