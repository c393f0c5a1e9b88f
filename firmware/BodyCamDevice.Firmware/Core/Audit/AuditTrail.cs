// Numbers and time-stamps audit entries (UTC, from the device's TimeProvider) and hands them to
// the sinks. Runs on the device loop only.
namespace BodyCamDevice.Firmware.Core.Audit;

public sealed class AuditTrail
{
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<IAuditSink> _sinks;
    private long _sequence;

    public AuditTrail(TimeProvider time, params IReadOnlyList<IAuditSink> sinks)
    {
        _time = time;
        _sinks = sinks;
        _sequence = sinks.Count == 0 ? 0 : sinks.Max(sink => sink.LastSequence);
    }

    /// <summary>Raised on the loop after every entry (the emulator shows the log live).</summary>
    public event Action<AuditEntry>? Appended;

    public AuditEntry Record(string kind, params (string Key, string Value)[] details)
    {
        var map = new Dictionary<string, string>(details.Length);
        foreach (var (key, value) in details)
        {
            map[key] = value;
        }

        var entry = new AuditEntry(++_sequence, _time.GetUtcNow(), kind, map);
        foreach (var sink in _sinks)
        {
            sink.Append(entry);
        }

        Appended?.Invoke(entry);
        return entry;
    }
}
