// Decode times on a clip's timeline: the encoder's own, pauses included, except where they cannot
// belong to one timeline.
using BodyCamDevice.Firmware.Capture.Recording.Mp4;

namespace BodyCamDevice.Firmware.Tests.Capture.Recording.Mp4;

public class Mp4TimelineTests
{
    private const long Frame = 3000;

    [Test]
    public void Timestamps_count_from_the_first_and_keep_their_pauses()
    {
        var timeline = new Mp4Timeline(origin: 900_000, defaultStep: 1);

        long[] placed = [.. new long[] { 900_000, 903_000, 906_000, 906_000 + (2 * 90_000) }.Select(timeline.Place)];

        Assert.That(placed, Is.EqualTo(new long[] { 0, Frame, 2 * Frame, (2 * Frame) + (2 * 90_000) }));
        Assert.That(timeline.Restarts, Is.Zero);
    }

    [TestCase(-10 * 90_000L, TestName = "A restarted encoder's timestamps going back")]
    [TestCase(0L, TestName = "A repeated timestamp")]
    [TestCase(6 * 90_000L, TestName = "A jump of more than 5 s")]
    public void Timestamps_that_cannot_follow_continue_one_step_after_the_last(long jump)
    {
        var timeline = new Mp4Timeline(origin: 0, defaultStep: 1);
        timeline.Place(0);
        timeline.Place(Frame);

        long restarted = timeline.Place(Frame + jump);
        long next = timeline.Place(Frame + jump + Frame);

        Assert.That(restarted, Is.EqualTo(2 * Frame));
        Assert.That(next, Is.EqualTo(3 * Frame));
        Assert.That(timeline.Restarts, Is.EqualTo(1));
    }
}
