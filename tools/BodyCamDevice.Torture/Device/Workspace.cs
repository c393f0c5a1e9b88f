// A trial's directory: the device's state directory (identity, evidence state, audit log,
// recordings) and its configuration. A short clip length makes clip splits frequent; a short
// pre-record window keeps the device quick to buffer.
using System.Text.Json;

namespace BodyCamDevice.Torture.Device;

internal sealed class Workspace
{
    public Workspace(string root)
    {
        Root = Directory.CreateDirectory(root).FullName;
        StateDirectory = Directory.CreateDirectory(Path.Combine(Root, "state")).FullName;
        WriteConfig();
    }

    public string Root { get; }

    public string StateDirectory { get; }

    public string RecordingsDirectory => Path.Combine(StateDirectory, "recordings");

    public string ConfigPath => Path.Combine(Root, "bodycam.json");

    public string AuditPath => Path.Combine(StateDirectory, "audit.jsonl");

    /// <summary>The trial's configuration: a 3 s clip length by default, extra sections merged in as JSON text; an officer ID of its own (its store containers are then its own).</summary>
    public void WriteConfig(TimeSpan? clipLength = null, string? extraSections = null, string officerId = "4711")
    {
        string clip = JsonSerializer.Serialize((clipLength ?? TimeSpan.FromSeconds(3)).ToString("c"));
        File.WriteAllText(ConfigPath, $$"""
            {
              "Identity": { "DeviceSerial": "BC-000777", "OfficerId": {{JsonSerializer.Serialize(officerId)}} },
              "Recording": { "Directory": "recordings", "PreRecord": "00:00:02", "ClipLength": {{clip}}, "ReserveMegabytes": 1, "NearFullFraction": 0 },
              "Audit": { "Path": "audit.jsonl" },
              "Encryption": { "Enabled": false }{{(extraSections is null ? "" : ",\n  " + extraSections)}}
            }
            """);
    }

    /// <summary>Clips in the recordings folder, oldest first (names carry the start time and clip number).</summary>
    public IReadOnlyList<string> Clips() => Directory.Exists(RecordingsDirectory)
        ? Directory.GetFiles(RecordingsDirectory, "*.mp4").Order(StringComparer.Ordinal).ToList()
        : [];
}
