// The self-test's judge on made-up traces: it passes a device that blinks and beeps as
// configured and fails one that does not (no blink, the wrong rate, a dead LED line, a missing
// beep, a light left on).
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.Device.SelfTest;
using BodyCamDevice.Firmware.Configuration;

namespace BodyCamDevice.Device.Tests.SelfTest;

public class ScenarioJudgeTests
{
    private readonly ScenarioJudge _judge = new(new DeviceOptions());

    // An LED lit for onMs every periodMs from startMs to endMs.
    private static List<EdgeView> Blink(double startMs, double endMs, double periodMs, double onMs)
    {
        var edges = new List<EdgeView>();
        for (var t = startMs; t < endMs; t += periodMs)
        {
            edges.Add(Edge(t, true));
            edges.Add(Edge(t + onMs, false));
        }

        return edges;
    }

    private static EdgeView Edge(double t, bool on) => new(0, t, DateTimeOffset.UnixEpoch, on, 0, on ? 1 : 0);

    private static ToneView Tone(double t, string kind, int hz = 2700) => new(t, DateTimeOffset.UnixEpoch, kind, hz, 0.5);

    [Test]
    public void ARedLedBlinkingAtOneHertzPasses()
    {
        var check = _judge.RecordLedBlinks(Blink(1000, 5000, 1000, 500), 1000, 4600);
        Assert.That(check.Passed, Is.True, check.Detail);
    }

    [Test]
    public void ARedLedThatStaysDarkFails()
    {
        var check = _judge.RecordLedBlinks([], 1000, 4600);
        Assert.That(check.Passed, Is.False);
        Assert.That(check.Detail, Does.Contain("not blinking"));
    }

    [Test]
    public void ARedLedThatIsOnSolidFails()
    {
        var check = _judge.RecordLedBlinks([Edge(900, true)], 1000, 4600);
        Assert.That(check.Passed, Is.False);
    }

    [Test]
    public void ARedLedBlinkingTwiceAsFastFails()
    {
        var check = _judge.RecordLedBlinks(Blink(1000, 5000, 500, 250), 1000, 4600);
        Assert.That(check.Passed, Is.False, check.Detail);
    }

    [Test]
    public void ARedLedAtTheRightRateButTheWrongOnTimeFails()
    {
        var check = _judge.RecordLedBlinks(Blink(1000, 5000, 1000, 100), 1000, 4600);
        Assert.That(check.Passed, Is.False, check.Detail);
    }

    [Test]
    public void AnLedLineThatIsWiredToNothingFails()
    {
        // The trace of a line nothing drives is empty: the check must not pass by default.
        Assert.That(_judge.RecordLedBlinks(Array.Empty<EdgeView>(), 0, 10_000).Passed, Is.False);
    }

    [Test]
    public void TheStartToneNeedsTwoShortBeepsAtTheConfiguredPitch()
    {
        ToneView[] two = [Tone(100, "start"), Tone(220, "stop"), Tone(340, "start"), Tone(460, "stop")];
        ToneView[] one = [Tone(100, "start"), Tone(220, "stop")];
        ToneView[] wrongPitch = [Tone(100, "start", 440), Tone(220, "stop"), Tone(340, "start", 440), Tone(460, "stop")];
        ToneView[] tooLong = [Tone(100, "start"), Tone(400, "stop"), Tone(520, "start"), Tone(820, "stop")];

        Assert.That(_judge.Beeps("start", two, 0, 1000, 2, TimeSpan.FromMilliseconds(120)).Passed, Is.True);
        Assert.That(_judge.Beeps("start", one, 0, 1000, 2, TimeSpan.FromMilliseconds(120)).Passed, Is.False);
        Assert.That(_judge.Beeps("start", wrongPitch, 0, 1000, 2, TimeSpan.FromMilliseconds(120)).Passed, Is.False);
        Assert.That(_judge.Beeps("start", tooLong, 0, 1000, 2, TimeSpan.FromMilliseconds(120)).Passed, Is.False);
    }

    [Test]
    public void ALightLeftOnAfterTheStopFails()
    {
        Assert.That(ScenarioJudge.StaysOff("off", [Edge(100, true), Edge(600, false)], 1000, 2000).Passed, Is.True);
        Assert.That(ScenarioJudge.StaysOff("off", [Edge(100, true)], 1000, 2000).Passed, Is.False);
        Assert.That(ScenarioJudge.StaysOff("off", [Edge(100, true), Edge(600, false), Edge(1500, true)], 1000, 2000).Passed, Is.False);
    }

    [Test]
    public void VibrationPulsesAreCountedFromTheirRisingEdges()
    {
        EdgeView[] two = [Edge(100, true), Edge(220, false), Edge(340, true), Edge(460, false)];
        Assert.That(ScenarioJudge.Pulses("start", two, 0, 1000, 2).Passed, Is.True);
        Assert.That(ScenarioJudge.Pulses("start", two, 0, 1000, 1).Passed, Is.False);
    }
}
