// The pacer on a fake clock: edges that arrive in a burst reach the pin with the spacing the
// client gave them, never closer; without a client time, or after a long pause, they go at once.
using BodyCamDevice.ControlApi.Rig;
using BodyCamDevice.Firmware.Core;
using Microsoft.Extensions.Time.Testing;

namespace BodyCamDevice.Emulator.Tests.ControlApi;

public class EdgePacerTests
{
    private readonly FakeTimeProvider _time = new();

    [Test]
    public async Task ABurstOfEdgesReachesThePinWithTheClientsSpacing()
    {
        var pins = new RecordingInputs(_time);
        var pacer = new EdgePacer(pins, _time);

        // Press 100 ms, release 150 ms, press 100 ms: all four requests arrive at once.
        var burst = new[] { (true, 1000.0), (false, 1100.0), (true, 1250.0), (false, 1350.0) }
            .Select(edge => pacer.SetAsync(DeviceInput.RecordButton, edge.Item1, edge.Item2, CancellationToken.None))
            .ToList();
        foreach (var (due, applied) in new[] { (0, 1), (100, 2), (250, 3), (350, 4) })
        {
            _time.Advance(TimeSpan.FromMilliseconds(due) - _time.GetElapsedTime(pins.Start));
            Assert.That(SpinWait.SpinUntil(() => pins.Count == applied, TimeSpan.FromSeconds(5)), $"edge {applied} applied at {due} ms");
        }

        await Task.WhenAll(burst).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.That(pins.Edges.Select(edge => (edge.Active, edge.Ms)), Is.EqualTo(new[] { (true, 0.0), (false, 100.0), (true, 250.0), (false, 350.0) }));
    }

    [Test]
    public async Task TheSpacingCountsFromTheEdgeThoughTheClockMovesTheMomentTheLevelIsSeen()
    {
        var pins = new RecordingInputs(_time);
        var pacer = new EdgePacer(pins, _time);
        // Whoever sees a new level may move the clock at once (the burst test above steps its fake
        // clock as soon as it sees an edge): 60 ms pass inside each Set here.
        pins.Changed += (_, _) => _time.Advance(TimeSpan.FromMilliseconds(60));

        await pacer.SetAsync(DeviceInput.RecordButton, true, 1000, CancellationToken.None);
        var release = pacer.SetAsync(DeviceInput.RecordButton, false, 1100, CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(39));
        Assert.That(release.IsCompleted, Is.False, "held back until 100 ms after the press");
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await release.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.That(pins.Edges.Select(edge => edge.Ms), Is.EqualTo(new[] { 0.0, 100.0 }), "100 ms apart, as the client made them");
    }

    [Test]
    public async Task LatencyOnTheWayStretchesTheSpacingButNeverShrinksIt()
    {
        var pins = new RecordingInputs(_time);
        var pacer = new EdgePacer(pins, _time);

        await pacer.SetAsync(DeviceInput.RecordButton, true, 0, CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(400)); // the release was made at 100 ms but arrives at 400 ms
        await pacer.SetAsync(DeviceInput.RecordButton, false, 100, CancellationToken.None);
        var next = pacer.SetAsync(DeviceInput.RecordButton, true, 250, CancellationToken.None); // arrives at once: due 150 ms after the release
        _time.Advance(TimeSpan.FromMilliseconds(149));
        Assert.That(next.IsCompleted, Is.False, "held back until its spacing has passed");
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await next.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.That(pins.Edges.Select(edge => edge.Ms), Is.EqualTo(new[] { 0.0, 400.0, 550.0 }));
    }

    [Test]
    public async Task EdgesWithoutAClientTimeOrFarApartOrGoingBackwardsGoThroughAtOnce()
    {
        var pins = new RecordingInputs(_time);
        var pacer = new EdgePacer(pins, _time);

        await pacer.SetAsync(DeviceInput.RecordButton, true, null, CancellationToken.None);
        await pacer.SetAsync(DeviceInput.RecordButton, false, null, CancellationToken.None);
        await pacer.SetAsync(DeviceInput.RecordButton, true, 10_000, CancellationToken.None);
        await pacer.SetAsync(DeviceInput.RecordButton, false, 5_000, CancellationToken.None); // another clock
        await pacer.SetAsync(DeviceInput.RecordButton, true, 5_000 + EdgePacer.FreshAfter.TotalMilliseconds, CancellationToken.None);
        await pacer.SetAsync(DeviceInput.FunctionButton, true, 0, CancellationToken.None); // another input keeps its own pace

        Assert.That(pins.Edges, Has.Count.EqualTo(6));
        Assert.That(pins.Edges.Select(edge => edge.Ms), Is.All.EqualTo(0.0), "nothing waited");
    }

    [Test]
    public async Task AReleaseAfterALongHoldKeepsTheHoldsLength()
    {
        var pins = new RecordingInputs(_time);
        var pacer = new EdgePacer(pins, _time);

        _time.Advance(TimeSpan.FromMilliseconds(500)); // the press arrives 500 ms late
        await pacer.SetAsync(DeviceInput.RecordButton, true, 0, CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(5_900)); // the release of a 6 s hold arrives with little latency
        var release = pacer.SetAsync(DeviceInput.RecordButton, false, 6_000, CancellationToken.None);
        Assert.That(release.IsCompleted, Is.False, "a release is never applied early, however long the hold");
        _time.Advance(TimeSpan.FromMilliseconds(100));
        await release.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.That(pins.Edges[1].Ms - pins.Edges[0].Ms, Is.EqualTo(6_000.0));
    }

    private sealed class RecordingInputs(TimeProvider time) : IRigInputs
    {
        private readonly List<(DeviceInput Input, bool Active, double Ms)> _edges = [];

        public long Start { get; } = time.GetTimestamp();

        public List<(DeviceInput Input, bool Active, double Ms)> Edges
        {
            get
            {
                lock (_edges)
                {
                    return [.. _edges];
                }
            }
        }

        public int Count => Edges.Count;

        public IReadOnlyList<DeviceInput> Inputs => Enum.GetValues<DeviceInput>();

        public event Action<DeviceInput, bool>? Changed;

        public bool IsActive(DeviceInput input) => Edges.LastOrDefault(edge => edge.Input == input).Active;

        public void Set(DeviceInput input, bool active)
        {
            lock (_edges)
            {
                _edges.Add((input, active, time.GetElapsedTime(Start).TotalMilliseconds));
            }

            Changed?.Invoke(input, active);
        }
    }
}
