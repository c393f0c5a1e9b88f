// The audit log's file: appends audit entries to a JSON-lines file. Append only enqueues, so the
// device loop (where the AuditTrail runs) never waits for storage; a writer task writes each
// batch, flushes and fsyncs it. Dispose writes
// everything still queued. On open, the last line's sequence number is read so numbering
// continues across restarts. The file is opened for append only: nothing is ever rewritten.
// Each line is chained to the one before it and checkpoints are signed (AuditLineChain).
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using BodyCamDevice.Firmware.Core.Audit;
using BodyCamDevice.Firmware.Evidence.Audit;
using BodyCamDevice.Firmware.Evidence.Identity;

namespace BodyCamDevice.Firmware.Storage;

public sealed class JsonLinesAuditSink : IAuditSink, IAsyncDisposable, IDisposable
{
    private readonly Channel<AuditEntry> _pending = Channel.CreateUnbounded<AuditEntry>(new() { SingleReader = true });
    private readonly FileStream _file;
    private readonly Task _writer;
    private readonly AuditLineChain _chain;
    private static readonly byte[] Newline = "\n"u8.ToArray();

    // signer: the device key that signs checkpoint lines (null: they are linked but unsigned).
    public JsonLinesAuditSink(string path, IDeviceSigningKey? signer = null)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        LastSequence = ReadLastSequence(Path);
        _chain = AuditLineChain.Resume(Path, signer);
        _file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
        _writer = Task.Run(WriteAsync);
    }

    public string Path { get; }

    public long LastSequence { get; }

    public void Append(AuditEntry entry) => _pending.Writer.TryWrite(entry);

    public static string Format(AuditEntry entry) => JsonSerializer.Serialize(Line(entry), AuditLineJsonContext.Default.AuditLine);

    private static byte[] Serialize(AuditEntry entry, string prev, string? jws) =>
        JsonSerializer.SerializeToUtf8Bytes(Line(entry) with { Prev = prev, Jws = jws }, AuditLineJsonContext.Default.AuditLine);

    private static AuditLine Line(AuditEntry entry) => new(
        entry.Sequence,
        entry.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        entry.Kind,
        entry.Details);

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task WriteAsync()
    {
        var reader = _pending.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var entry))
            {
                if (_chain.TornTail)
                {
                    await _file.WriteAsync(Newline).ConfigureAwait(false);
                    _chain.TailMended();
                }

                var line = _chain.Next(entry.Kind == AuditLineChain.CheckpointKind, (prev, jws) => Serialize(entry, prev, jws));
                await _file.WriteAsync(line).ConfigureAwait(false);
                await _file.WriteAsync(Newline).ConfigureAwait(false);
            }

            _file.Flush(flushToDisk: true);
        }
    }

    private static long ReadLastSequence(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        // A log of a long-lived device is large: read only its tail.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var tailLength = (int)Math.Min(stream.Length, 64 * 1024);
        stream.Seek(-tailLength, SeekOrigin.End);
        var buffer = new byte[tailLength];
        stream.ReadExactly(buffer);
        var lines = System.Text.Encoding.UTF8.GetString(buffer).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            try
            {
                using var line = JsonDocument.Parse(lines[i]);
                if (line.RootElement.TryGetProperty("seq", out var seq) && seq.TryGetInt64(out var value))
                {
                    return value;
                }
            }
            catch (JsonException)
            {
                // A line torn by a power cut; the one before it is intact.
            }
        }

        return 0;
    }
}

/// <summary>One line of the file: {"seq":…,"utc":"…Z","kind":"…","details":{…},"prev":"…"}, and "jws" last on a checkpoint.</summary>
internal sealed record AuditLine(
    [property: JsonPropertyName("seq")] long Seq,
    [property: JsonPropertyName("utc")] string Utc,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("details")] IReadOnlyDictionary<string, string> Details)
{
    [JsonPropertyName("prev")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Prev { get; init; }

    [JsonPropertyName("jws")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Jws { get; init; }
}

[JsonSerializable(typeof(AuditLine))]
internal sealed partial class AuditLineJsonContext : JsonSerializerContext;
