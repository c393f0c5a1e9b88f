// The in-memory audit view keeps the newest entries only: a device running for weeks must not
// grow without bound (the audit log file keeps everything).
using BodyCamDevice.Firmware.Core.Audit;

namespace BodyCamDevice.Firmware.Tests.Core.Audit;

public class MemoryAuditSinkTests
{
    [Test]
    public void BeyondItsCapacityTheOldestEntriesGoAndTheNewestStayInOrder()
    {
        var sink = new MemoryAuditSink(capacity: 3);
        for (long sequence = 1; sequence <= 5; sequence++)
        {
            sink.Append(new AuditEntry(sequence, DateTimeOffset.UnixEpoch, "state", new Dictionary<string, string>()));
        }

        Assert.That(sink.Entries.Select(entry => entry.Sequence), Is.EqualTo(new long[] { 3, 4, 5 }));
        Assert.That(sink.LastSequence, Is.EqualTo(5));
    }

    [Test]
    public void AnEmptySinkHasSequenceZeroAndTheDefaultCapacityIsTenThousand()
    {
        var sink = new MemoryAuditSink();
        Assert.That((sink.LastSequence, sink.Entries.Count, sink.Capacity), Is.EqualTo((0L, 0, MemoryAuditSink.DefaultCapacity)));
        Assert.That(MemoryAuditSink.DefaultCapacity, Is.EqualTo(10_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new MemoryAuditSink(0));
    }
}
