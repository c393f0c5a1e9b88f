using BodyCamDevice.Firmware.Capture.Camera;

namespace BodyCamDevice.Firmware.Tests.Capture.Camera;

public sealed class RestartBackoffTests
{
    [Test]
    public void Delays_double_from_half_a_second_up_to_the_cap()
    {
        var backoff = new RestartBackoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));

        double[] seconds = [.. Enumerable.Range(0, 9).Select(_ => backoff.Next().TotalSeconds)];

        Assert.That(seconds, Is.EqualTo(new[] { 0.5, 1, 2, 4, 8, 16, 30, 30, 30 }));
    }

    [Test]
    public void Reset_starts_over_and_many_failures_never_overflow()
    {
        var backoff = new RestartBackoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));
        for (int i = 0; i < 10_000; i++)
        {
            Assert.That(backoff.Next(), Is.LessThanOrEqualTo(TimeSpan.FromSeconds(30)));
        }

        backoff.Reset();

        Assert.That(backoff.Next(), Is.EqualTo(TimeSpan.FromMilliseconds(500)));
    }
}
