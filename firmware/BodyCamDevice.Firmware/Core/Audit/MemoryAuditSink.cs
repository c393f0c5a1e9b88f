namespace BodyCamDevice.Firmware.Core.Audit;

/// <summary>
/// Keeps the newest entries in memory: the emulator's live view, the control API's audit list,
/// tests. Bounded, because the device runs for weeks and the audit log file already keeps every
/// entry; the oldest go once <see cref="Capacity"/> is reached. Thread-safe.
/// </summary>
public sealed class MemoryAuditSink : IAuditSink
{
    /// <summary>Ten thousand entries: days of a busy shift's states, gestures and reminders, a few MB.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly Queue<AuditEntry> _entries = new();
    private readonly Lock _lock = new();
    private long _lastSequence;

    public MemoryAuditSink(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public int Capacity { get; }

    public long LastSequence
    {
        get
        {
            lock (_lock)
            {
                return _lastSequence;
            }
        }
    }

    /// <summary>The entries kept, oldest first.</summary>
    public IReadOnlyList<AuditEntry> Entries
    {
        get
        {
            lock (_lock)
            {
                return _entries.ToArray();
            }
        }
    }

    public void Append(AuditEntry entry)
    {
        lock (_lock)
        {
            if (_entries.Count == Capacity)
            {
                _entries.Dequeue();
            }

            _entries.Enqueue(entry);
            _lastSequence = entry.Sequence;
        }
    }
}
