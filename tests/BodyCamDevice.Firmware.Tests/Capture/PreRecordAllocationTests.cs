using BodyCamDevice.Firmware.Capture;

namespace BodyCamDevice.Firmware.Tests.Capture;

// Steady state: appending (with eviction and arena wrap-around) and reading allocate nothing.
public sealed class PreRecordAllocationTests
{
    private const int Frames = 10_000;

    private static PreRecordBuffer SmallBuffer() =>
        new(new PreRecordBufferOptions { Duration = TimeSpan.FromSeconds(2), ByteCapacity = 200_000, FrameCapacity = 1000 });

    [Test]
    public void Appending_allocates_nothing_per_frame()
    {
        PreRecordBuffer buffer = SmallBuffer();
        var encoder = new FakeEncoder(buffer) { WithAudio = true };
        encoder.AppendSeconds(10);

        long[] rounds = ThreadAllocations.PerRound(3, () =>
        {
            for (int frame = 0; frame < Frames; frame++)
            {
                encoder.AppendSeconds(1.0 / 30);
            }
        });

        Assert.That(rounds.Min(), Is.Zero, ThreadAllocations.Describe(rounds));
        Assert.That(buffer.GetStatistics().BufferedDuration, Is.LessThan(TimeSpan.FromSeconds(3)), "evicting all along");
    }

    [Test]
    public void Appending_and_reading_live_allocates_nothing_per_frame()
    {
        PreRecordBuffer buffer = SmallBuffer();
        var encoder = new FakeEncoder(buffer) { WithAudio = true };
        encoder.AppendSeconds(10);
        using PreRecordReader reader = buffer.OpenReader();
        long checksum = DrainAll(reader);
        for (int frame = 0; frame < 300; frame++)
        {
            encoder.AppendSeconds(1.0 / 30);
            checksum += DrainAll(reader);
        }

        long[] rounds = ThreadAllocations.PerRound(3, () =>
        {
            for (int frame = 0; frame < Frames; frame++)
            {
                encoder.AppendSeconds(1.0 / 30);
                checksum += DrainAll(reader);
            }
        });

        Assert.That(rounds.Min(), Is.Zero, ThreadAllocations.Describe(rounds));
        Assert.That(checksum, Is.Not.Zero);
    }

    private static long DrainAll(PreRecordReader reader)
    {
        long sum = 0;
        for (ReadResult result = reader.Read(); result.Status != ReadStatus.Empty; result = reader.Read())
        {
            sum += result.Status == ReadStatus.Frame ? result.Data.Span[^1] + 1 : -1_000_000;
        }

        return sum;
    }
}
