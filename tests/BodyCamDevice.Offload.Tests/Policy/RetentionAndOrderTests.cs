// Retention from the recording's own trigger time (never for evidence, never sooner than the
// minimum time in the store) and the offload order (evidence first, then oldest).
using BodyCamDevice.Firmware.Offload.Policy;
using BodyCamDevice.Firmware.Offload.Recordings;
using static BodyCamDevice.Offload.Tests.OffloadRecordingSamples;

namespace BodyCamDevice.Offload.Tests.Policy;

public class RetentionAndOrderTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public void ARecordingExpiresItsRetentionAfterItsTrigger()
    {
        var recording = Recording("a", Now.AddDays(-2).AddMilliseconds(300));

        Assert.That(RetentionPolicy.DeleteAt(recording, TimeSpan.FromDays(31), TimeSpan.FromDays(1), Now), Is.EqualTo(Now.AddDays(29).AddSeconds(1)), "rounded up to the second");
    }

    [Test]
    public void ARecordingOffloadedLateStaysAtLeastTheMinimumTime()
    {
        var recording = Recording("a", Now.AddDays(-40));

        Assert.That(RetentionPolicy.DeleteAt(recording, TimeSpan.FromDays(31), TimeSpan.FromDays(1), Now), Is.EqualTo(Now.AddDays(1)));
    }

    [Test]
    public void EvidenceNeverExpires()
    {
        var recording = Recording("a", Now.AddDays(-40)) with { Categories = [new StoreCategory("1", "Evidence")] };

        Assert.That(RetentionPolicy.DeleteAt(recording, TimeSpan.FromDays(31), TimeSpan.FromDays(1), Now), Is.Null);
    }

    [Test]
    public void EvidenceGoesFirstThenTheOldest()
    {
        var old = Recording("old", Now.AddHours(-5));
        var newer = Recording("newer", Now.AddHours(-1));
        var evidence = Recording("evidence", Now) with { Categories = [new StoreCategory("2", "Arrest")] };
        var olderEvidence = Recording("older-evidence", Now.AddHours(-2)) with { Categories = [new StoreCategory("2", "Arrest")] };

        Assert.That(OffloadOrder.Of([newer, evidence, old, olderEvidence]).Select(recording => recording.RecordingId), Is.EqualTo(new[] { "older-evidence", "evidence", "old", "newer" }));
    }
}
