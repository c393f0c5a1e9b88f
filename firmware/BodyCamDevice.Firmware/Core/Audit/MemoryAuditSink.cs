namespace BodyCamDevice.Firmware.Core.Audit;

/// <summary>Keeps entries in memory (the emulator's live view, tests). Thread-safe reads.</summary>
public sealed class MemoryAuditSink : IAuditSink
{
    private readonly List<AuditEntry> _entries = new();
    private readonly Lock _lock = new();

    public long LastSequence
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count == 0 ? 0 : _entries[^1].Sequence;
            }
        }
    }

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
            _entries.Add(entry);
        }
    }
}
