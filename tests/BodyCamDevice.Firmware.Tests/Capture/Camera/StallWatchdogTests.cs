// The watchdog on a stepped fake clock (each timer fires at its own due time): when it fires, what it says, and that it fires once.
using BodyCamDevice.Firmware.Capture.Camera;
namespace BodyCamDevice.Firmware.Tests.Capture.Camera;

public sealed class StallWatchdogTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(3);

    private SteppingTimeProvider _time = null!;
    private List<(TimeSpan At, string Reason)> _stalls = null!;
    private DateTimeOffset _start;

    [SetUp]
    public void Begin()
    {
        _time = new SteppingTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        _stalls = [];
        _start = _time.GetUtcNow();
    }

    [Test]
    public void A_source_that_never_delivers_fails_at_the_start_timeout()
    {
        using StallWatchdog watchdog = Started();

        _time.Step(StartTimeout - TimeSpan.FromMilliseconds(1));
        Assert.That(_stalls, Is.Empty);
        _time.Step(TimeSpan.FromMilliseconds(1));

        Assert.That(_stalls, Is.EqualTo(new[] { (StartTimeout, "no video from the encoder within 10.0 s of starting it") }));
    }

    [Test]
    public void Frames_keep_it_quiet_and_silence_after_them_fails_at_the_stall_timeout()
    {
        using StallWatchdog watchdog = Started();
        for (int frame = 0; frame < 300; frame++)
        {
            watchdog.Feed();
            _time.Step(TimeSpan.FromMilliseconds(100));
        }

        Assert.That(_stalls, Is.Empty, "30 s of frames");
        TimeSpan lastFrame = _time.GetUtcNow() - _start - TimeSpan.FromMilliseconds(100);
        _time.Step(StallTimeout);

        Assert.That(_stalls, Has.Count.EqualTo(1));
        Assert.That(_stalls[0].At - lastFrame, Is.EqualTo(StallTimeout));
        Assert.That(_stalls[0].Reason, Is.EqualTo("no video from the encoder for 3.0 s"));
    }

    [Test]
    public void A_stall_soon_after_the_first_frame_is_seen_at_the_stall_timeout_not_the_start_timeout()
    {
        using StallWatchdog watchdog = Started();
        _time.Step(TimeSpan.FromSeconds(1));
        watchdog.Feed();

        _time.Step(TimeSpan.FromSeconds(5));

        Assert.That(_stalls, Is.EqualTo(new[] { (TimeSpan.FromSeconds(4), "no video from the encoder for 3.0 s") }));
    }

    [Test]
    public void It_fires_once_and_never_after_dispose()
    {
        StallWatchdog watchdog = Started();
        _time.Step(TimeSpan.FromMinutes(1));
        Assert.That(_stalls, Has.Count.EqualTo(1));

        StallWatchdog second = Started();
        second.Dispose();
        _time.Step(TimeSpan.FromMinutes(1));
        watchdog.Dispose();

        Assert.That(_stalls, Has.Count.EqualTo(1));
    }

    private StallWatchdog Started()
    {
        var watchdog = new StallWatchdog(_time, StartTimeout, StallTimeout, reason => _stalls.Add((_time.GetUtcNow() - _start, reason)));
        watchdog.Start();
        return watchdog;
    }
}
