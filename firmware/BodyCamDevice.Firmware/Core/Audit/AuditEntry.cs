namespace BodyCamDevice.Firmware.Core.Audit;

/// <summary>
/// One line of the audit trail. <see cref="Sequence"/> increases by one per entry for the life of
/// the log (it continues across restarts), so a missing or reordered line is visible.
/// </summary>
public sealed record AuditEntry(long Sequence, DateTimeOffset Time, string Kind, IReadOnlyDictionary<string, string> Details);

/// <summary>Where audit entries go. Append is called on the device loop and must not block.</summary>
public interface IAuditSink
{
    /// <summary>The sequence number of the last entry already stored (0 when empty).</summary>
    long LastSequence { get; }

    void Append(AuditEntry entry);
}
