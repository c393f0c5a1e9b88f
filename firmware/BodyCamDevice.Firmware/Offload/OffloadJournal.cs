// The offload's memory of one recording, so that a dock cut short (undock, network, store killed,
// power) resumes where it stopped and a confirmed clip is never sent again: a JSON-lines file per
// recording (<recording ID>.jsonl in the journal directory), one line per step. Steps: the
// container was made; an object was stored (its MD5 answered back); an object was rejected (400);
// the container was marked Complete; verification found objects missing or different (they are
// sent again); the recording was confirmed (every object checked by HEAD) or left "not
// transferred". The two final steps are fsync'ed (file and directory) before they are reported:
// the caller deletes local files on a confirmation, so it must survive a power cut. The steps on
// the way are only written: one lost to a power cut is done again (a PUT sent twice, never a
// clip lost). A line torn by a power cut is ignored: that step did not happen. docs/offload.md
// describes the format.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BodyCamDevice.Firmware.Offload;

public sealed class OffloadJournal
{
    private static readonly OffloadJournalJsonContext Context = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });

    private readonly string _path;
    private readonly Dictionary<string, JournalEntry> _stored = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _rejectedObjects = new(StringComparer.Ordinal);

    private OffloadJournal(string path)
    {
        _path = path;
    }

    public string? Container { get; private set; }

    public bool Complete { get; private set; }

    /// <summary>The last confirmation, once every object was checked in the store.</summary>
    public JournalEntry? Confirmed { get; private set; }

    /// <summary>Set when the recording was left "not transferred" (the store rejected it).</summary>
    public JournalEntry? NotTransferred { get; private set; }

    public IReadOnlyDictionary<string, string> RejectedObjects => _rejectedObjects;

    /// <summary>Reads the recording's journal, or starts an empty one (nothing is written until a step is recorded).</summary>
    public static OffloadJournal Open(string directory, string recordingId) =>
        OpenFile(Path.Combine(directory, recordingId + ".jsonl"));

    /// <summary>Reads a journal by its path: one set aside (<c>.jsonl.old</c>) as well.</summary>
    public static OffloadJournal OpenFile(string path)
    {
        var journal = new OffloadJournal(path);
        if (File.Exists(journal._path))
        {
            foreach (var line in File.ReadLines(journal._path))
            {
                JournalEntry? entry;
                try
                {
                    entry = JsonSerializer.Deserialize(line, Context.JournalEntry);
                }
                catch (JsonException)
                {
                    continue; // torn by a power cut: that step never counted
                }

                if (entry is not null)
                {
                    journal.Apply(entry);
                }
            }
        }

        return journal;
    }

    /// <summary>The store holds this object with this MD5 (its PUT was answered with it).</summary>
    public bool IsStored(string name, string md5) => _stored.TryGetValue(name, out var entry) && entry.Md5 == md5;

    public void RecordContainer(string container, DateTimeOffset utc) =>
        Append(new JournalEntry(JournalEntry.ContainerMade, utc) { Container = container });

    /// <param name="localPath">The local file it was sent from (null for objects made at the dock): what the local sweep may delete once confirmed.</param>
    public void RecordStored(string name, string md5, long size, DateTimeOffset utc, string? localPath = null) =>
        Append(new JournalEntry(JournalEntry.ObjectStored, utc) { Object = name, Md5 = md5, Size = size, Local = localPath });

    /// <summary>Every object the store answered for with its MD5, by name.</summary>
    public IReadOnlyCollection<JournalEntry> StoredObjects => _stored.Values;

    /// <summary>The time of the journal's newest step; null for an empty journal.</summary>
    public DateTimeOffset? LastStep { get; private set; }

    public void RecordObjectRejected(string name, string reason, DateTimeOffset utc) =>
        Append(new JournalEntry(JournalEntry.ObjectRejected, utc) { Object = name, Reason = reason });

    public void RecordComplete(DateTimeOffset utc) => Append(new JournalEntry(JournalEntry.ContainerComplete, utc));

    public void RecordVerifyFailed(string name, string reason, DateTimeOffset utc) =>
        Append(new JournalEntry(JournalEntry.VerifyFailed, utc) { Object = name, Reason = reason });

    public void RecordConfirmed(int objects, long bytes, DateTimeOffset utc) =>
        Append(new JournalEntry(JournalEntry.RecordingConfirmed, utc) { Container = Container, Objects = objects, Size = bytes });

    public void RecordNotTransferred(string reason, string? rejectedContainer, DateTimeOffset utc) =>
        Append(new JournalEntry(JournalEntry.RecordingNotTransferred, utc) { Reason = reason, RejectedContainer = rejectedContainer });

    private void Append(JournalEntry entry)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var line = JsonSerializer.SerializeToUtf8Bytes(entry, Context.JournalEntry);
        var final = entry.Event is JournalEntry.RecordingConfirmed or JournalEntry.RecordingNotTransferred;
        using (var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0))
        {
            file.Write([.. line, (byte)'\n']);
            if (final)
            {
                file.Flush(flushToDisk: true);
            }
        }

        if (final)
        {
            Capture.Recording.DirectorySync.Sync(Path.GetDirectoryName(Path.GetFullPath(_path))!);
        }

        Apply(entry);
    }

    private void Apply(JournalEntry entry)
    {
        LastStep = LastStep is { } last && last > entry.Utc ? last : entry.Utc;
        switch (entry.Event)
        {
            case JournalEntry.ContainerMade:
                Container = entry.Container;
                break;
            case JournalEntry.ObjectStored when entry.Object is { } name:
                _stored[name] = entry;
                _rejectedObjects.Remove(name);
                break;
            case JournalEntry.ObjectRejected when entry.Object is { } name:
                _rejectedObjects[name] = entry.Reason ?? "";
                break;
            case JournalEntry.ContainerComplete:
                Complete = true;
                break;
            case JournalEntry.VerifyFailed when entry.Object is { } name:
                // Sent again at the next attempt, and the container marked Complete again after.
                _stored.Remove(name);
                Complete = false;
                break;
            case JournalEntry.RecordingConfirmed:
                Confirmed = entry;
                break;
            case JournalEntry.RecordingNotTransferred:
                NotTransferred = entry;
                break;
        }
    }
}

/// <summary>One line of the journal; Event says which of the optional fields are set.</summary>
public sealed record JournalEntry(string Event, DateTimeOffset Utc)
{
    public const string ContainerMade = "container";
    public const string ObjectStored = "stored";
    public const string ObjectRejected = "rejected";
    public const string ContainerComplete = "complete";
    public const string VerifyFailed = "verify-failed";
    public const string RecordingConfirmed = "confirmed";
    public const string RecordingNotTransferred = "not-transferred";

    public string? Container { get; init; }

    public string? Object { get; init; }

    public string? Md5 { get; init; }

    public long? Size { get; init; }

    public int? Objects { get; init; }

    public string? Reason { get; init; }

    public string? RejectedContainer { get; init; }

    /// <summary>On a stored step: the local file the object was sent from.</summary>
    public string? Local { get; init; }
}

[JsonSerializable(typeof(JournalEntry))]
internal sealed partial class OffloadJournalJsonContext : JsonSerializerContext;
