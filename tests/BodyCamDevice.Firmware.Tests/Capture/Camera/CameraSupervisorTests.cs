// Restart policy on a stepped fake clock with a fake source: the back-off schedule, its reset after
// a healthy minute, and the Faulted/Recovered reports the device controller shows. No sleeping.
using BodyCamDevice.Firmware.Capture.Camera;

namespace BodyCamDevice.Firmware.Tests.Capture.Camera;

public sealed class CameraSupervisorTests
{
    private static readonly TimeSpan Millisecond = TimeSpan.FromMilliseconds(1);

    private SteppingTimeProvider _time = null!;
    private FakeCameraSource _source = null!;
    private CameraSupervisor _supervisor = null!;
    private List<string> _reports = null!;

    [SetUp]
    public void Create()
    {
        _time = new SteppingTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        _source = new FakeCameraSource(_time);
        _supervisor = new CameraSupervisor(_source, new CameraRestartOptions(), _time);
        _reports = [];
        _supervisor.Faulted += reason => _reports.Add("faulted: " + reason);
        _supervisor.Recovered += () => _reports.Add("recovered");
    }

    [TearDown]
    public async Task Dispose()
    {
        await _supervisor.DisposeAsync();
        await _source.DisposeAsync();
    }

    [Test]
    public void Restarts_wait_half_a_second_then_double_up_to_30_seconds()
    {
        _supervisor.StartAsync();
        var waits = new List<TimeSpan>();
        for (int failure = 0; failure < 9; failure++)
        {
            _source.Fail("encoder exited");
            waits.Add(TimeToNextStart());
        }

        Assert.That(waits.Select(wait => wait.TotalSeconds), Is.EqualTo(new[] { 0.5, 1, 2, 4, 8, 16, 30, 30, 30 }));
        Assert.That(_supervisor.RestartCount, Is.EqualTo(9));
        Assert.That(_reports, Is.EqualTo(new[] { "faulted: encoder exited" }), "one fault for the whole outage");
    }

    [Test]
    public void A_minute_of_video_resets_the_back_off_and_less_does_not()
    {
        _supervisor.StartAsync();
        for (int failure = 0; failure < 4; failure++)
        {
            _source.Fail("stalled");
            TimeToNextStart();
        }

        _source.DeliverVideo();
        _time.Step(TimeSpan.FromSeconds(59));
        _source.Fail("stalled");
        Assert.That(TimeToNextStart(), Is.EqualTo(TimeSpan.FromSeconds(8)), "59 s is not healthy: 0.5, 1, 2 and 4 s were used");

        _source.DeliverVideo();
        _time.Step(TimeSpan.FromMinutes(1));
        _source.Fail("stalled");
        Assert.That(TimeToNextStart(), Is.EqualTo(TimeSpan.FromMilliseconds(500)));
    }

    [Test]
    public void Faulted_once_per_outage_and_Recovered_when_video_flows_again()
    {
        _supervisor.StartAsync();
        _source.DeliverVideo();
        Assert.That(_supervisor.State, Is.EqualTo(CameraSupervisorState.Running));
        Assert.That(_reports, Is.Empty, "the first start is not a recovery");

        _source.Fail("killed");
        Assert.That(_supervisor.State, Is.EqualTo(CameraSupervisorState.WaitingToRestart));
        TimeToNextStart();
        Assert.That(_supervisor.State, Is.EqualTo(CameraSupervisorState.Starting));
        _source.Fail("killed again");
        TimeToNextStart();
        _source.DeliverVideo();
        _source.Fail("third");

        Assert.That(_reports, Is.EqualTo(new[] { "faulted: killed", "recovered", "faulted: third" }));
        Assert.That(_supervisor.LastFailure, Is.EqualTo("third"));
    }

    [Test]
    public void A_start_that_throws_is_reported_and_retried()
    {
        _source.StartException = new CameraStartException("Camera.FilePath = \"/x.mp4\": the file does not exist");

        _supervisor.StartAsync();
        Assert.That(TimeToNextStart(), Is.EqualTo(TimeSpan.FromMilliseconds(500)));
        Assert.That(TimeToNextStart(), Is.EqualTo(TimeSpan.FromSeconds(1)));

        Assert.That(_reports, Is.EqualTo(new[] { "faulted: Camera.FilePath = \"/x.mp4\": the file does not exist" }));
        _source.StartException = null;
        TimeToNextStart();
        _source.DeliverVideo();
        Assert.That(_reports.Last(), Is.EqualTo("recovered"));
    }

    [Test]
    public async Task Stop_cancels_a_pending_restart_and_ignores_late_failures()
    {
        await _supervisor.StartAsync();
        _source.Fail("exited");

        await _supervisor.StopAsync();
        _source.Fail("late");
        _time.Step(TimeSpan.FromMinutes(5));

        Assert.That(_source.StartTimes, Has.Count.EqualTo(1));
        Assert.That(_source.StopCount, Is.EqualTo(1));
        Assert.That(_supervisor.State, Is.EqualTo(CameraSupervisorState.Stopped));
        Assert.That(_supervisor.LastFailure, Is.EqualTo("exited"));
    }

    [Test]
    public async Task A_new_start_after_stop_begins_with_the_shortest_wait_and_reports_afresh()
    {
        await _supervisor.StartAsync();
        _source.Fail("one");
        TimeToNextStart();
        _source.Fail("two");
        await _supervisor.StopAsync();

        await _supervisor.StartAsync();
        _source.Fail("three");

        Assert.That(TimeToNextStart(), Is.EqualTo(TimeSpan.FromMilliseconds(500)));
        Assert.That(_reports, Is.EqualTo(new[] { "faulted: one", "faulted: three" }));
    }

    // Steps the clock a millisecond at a time until the source is started again; returns the wait.
    private TimeSpan TimeToNextStart()
    {
        int starts = _source.StartTimes.Count;
        DateTimeOffset from = _time.GetUtcNow();
        while (_source.StartTimes.Count == starts)
        {
            Assert.That(_time.GetUtcNow() - from, Is.LessThan(TimeSpan.FromMinutes(1)), "no restart within a minute");
            _time.Step(Millisecond);
        }

        return _source.StartTimes[^1] - from;
    }
}
