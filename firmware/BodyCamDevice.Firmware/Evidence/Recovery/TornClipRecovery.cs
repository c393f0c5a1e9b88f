// At start, before the camera records: finds the clips a power cut or a kill left without a
// manifest, checks what they hold, and seals each with a signed manifest marked interrupted, in
// its place in the chain. Never truncates, rewrites or deletes a byte: the manifest's hash and
// size are those of the file exactly as the cut left it.
//
// What is known of a cut clip: its bytes (hashed here); for a clip in clear, its whole parts (the
// init segment and whole fragments, Mp4PartScan); for an encrypted one only its whole cipher
// blocks, since the device holds no key to read its own footage back. Frame counts, times,
// markers and gaps come from the open clip's journal when it is about this clip (as of its last
// synced fragment), else from the file name alone (recording ID, trigger second, serial).
using System.Globalization;
using System.Security.Cryptography;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Evidence.Encryption;
using BodyCamDevice.Firmware.Evidence.Manifests;

namespace BodyCamDevice.Firmware.Evidence.Recovery;

// The device as it is now, for what a cut clip cannot tell about itself. Serial: only clips named
// for this device are its own to seal.
public sealed record RecoveringDevice(string FirmwareVersion, string OfficerId, string Serial);

public sealed class TornClipRecovery
{
    private const string Container = "MP4 (ISO/IEC 14496-12), fragmented";

    private readonly string _directory;
    private readonly ManifestSealer _sealer;
    private readonly OpenClipJournal? _journal;
    private readonly RecoveringDevice _device;
    private readonly TimeProvider _time;

    public TornClipRecovery(string recordingsDirectory, ManifestSealer sealer, OpenClipJournal? journal, RecoveringDevice device, TimeProvider time)
    {
        _directory = Path.GetFullPath(recordingsDirectory);
        _sealer = sealer;
        _journal = journal;
        _device = device;
        _time = time;
    }

    // Clips of ours without a manifest, oldest first. Ours: named for this device, and holding what
    // the writer puts under a clip's name before anything else (DurableFileStage renames a clip
    // to its name only once its first part is synced): a whole init segment, or for an encrypted
    // clip at least one cipher block. Anything else in the folder — another camera's clip, an
    // empty or foreign file under one of our names — is not this device's to sign as its
    // evidence, and is left exactly as it is.
    public IReadOnlyList<string> FindTornClips() =>
        !Directory.Exists(_directory)
            ? []
            : Directory.EnumerateFiles(_directory, "*.mp4")
                .Where(clip => ClipName.TryParse(Path.GetFileName(clip), out ClipName id) && id.Serial == _device.Serial
                    && !File.Exists(Path.ChangeExtension(clip, ".json")) && BeginsAsOurs(clip, id))
                .Order(StringComparer.Ordinal)
                .ToArray();

    private bool BeginsAsOurs(string clipPath, ClipName id)
    {
        using var file = new FileStream(clipPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        return File.Exists(Path.Combine(_directory, RecordingNames.KeyObjectFileName(id.RecordingId, id.ClipIndex)))
            ? file.Length >= Mp4BlockAlignStage.BlockSize
            : Mp4PartScan.Scan(file).InitSegment;
    }

    // Seals every torn clip; returns their sealed manifests in chain order.
    public IReadOnlyList<SealedManifest> Recover() => [.. FindTornClips().Select(Seal)];

    private SealedManifest Seal(string clipPath)
    {
        string name = Path.GetFileName(clipPath);
        ClipName.TryParse(name, out ClipName id);
        DateTimeOffset now = _time.GetUtcNow();
        string keyObject = Path.Combine(_directory, RecordingNames.KeyObjectFileName(id.RecordingId, id.ClipIndex));
        bool encrypted = File.Exists(keyObject);

        long size;
        string hash;
        Mp4Parts parts = default;
        using (var file = new FileStream(clipPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
        {
            size = file.Length;
            hash = Convert.ToHexStringLower(SHA256.HashData(file));
            if (!encrypted)
            {
                parts = Mp4PartScan.Scan(file);
            }
        }

        ClipManifest? journal = _journal?.Read(name);
        long whole = encrypted ? size - size % Mp4BlockAlignStage.BlockSize : parts.WholeBytes;
        string checkedPart = encrypted
            ? $"encrypted: the device holds no key to read it, so its fragments were not checked; it decrypts up to its last whole 16-byte block ({whole} of {size} bytes), every synced fragment whole"
            : $"{(parts.InitSegment ? "init segment and" : "no whole init segment,")} {parts.Fragments} whole fragment(s) in the first {whole} bytes; "
                + (size == whole ? "nothing after them" : $"the {size - whole} bytes after them were being written when it was cut");
        string described = journal is not null
            ? $"frame counts, times, markers and gaps are the writer's record at its last synced fragment (the first {journal.File.SizeBytes} bytes)"
            : "the writer left no record of it: recording ID, trigger time (to the second) and serial come from the file name, the officer from the configuration at recovery; frame counts and times are unknown (0)";

        ClipManifest manifest = (journal ?? FromName(id, now)) with
        {
            FinalClip = true,
            EndReason = ClipEnding.Interrupted.Reason,
            TriggerOff = null,
            File = new ManifestFile(name, size, Sha256Stage.AlgorithmName, hash, Container),
            Encryption = encrypted ? Describe(keyObject) : null,
            ManifestWrittenUtc = ManifestJson.Utc(now),
            Interrupted = new ManifestInterruption(
                ManifestJson.Utc(now), now.ToUnixTimeMilliseconds(), size, whole, encrypted ? null : parts.Fragments, journal?.File.SizeBytes,
                $"Cut off before it was sealed; sealed at the next start. Nothing was truncated. {Capitalised(checkedPart)}. {Capitalised(described)}."),
        };
        return _sealer.Seal(Path.ChangeExtension(clipPath, ".json"), manifest);
    }

    private ClipManifest FromName(ClipName id, DateTimeOffset now)
    {
        DateTimeOffset trigger = id.TriggerSecond;
        string at = ManifestJson.Utc(trigger);
        return new ClipManifest
        {
            RecordingId = id.RecordingId,
            ClipIndex = id.ClipIndex,
            FinalClip = true,
            EndReason = ClipEnding.Interrupted.Reason,
            File = new ManifestFile("", 0, Sha256Stage.AlgorithmName, "", Container),
            Device = new ManifestDevice(id.Serial, _device.FirmwareVersion),
            OfficerId = _device.OfficerId,
            TriggerOn = ManifestJson.Event("Unknown", trigger),
            Clip = new ManifestSpan(at, trigger.ToUnixTimeMilliseconds(), at, trigger.ToUnixTimeMilliseconds(), 0),
            PreRollSeconds = 0,
            PreRollAudio = false,
            Frames = new ManifestFrames(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, []),
            Markers = [],
            Gaps = [],
            Muxer = new ManifestMuxer("unknown", []),
            ManifestWrittenUtc = ManifestJson.Utc(now),
        };
    }

    private static ManifestEncryption Describe(string keyObjectPath)
    {
        byte[] content = File.ReadAllBytes(keyObjectPath);
        return new ManifestEncryption(
            ClipEncryptionStage.Scheme, ClipEncryptionStage.ContentCipher, ClipEncryptionStage.KeyWrap,
            KeyObject.ReadPublicKeyId(content) ?? "(unreadable)", Path.GetFileName(keyObjectPath),
            Convert.ToHexStringLower(SHA256.HashData(content)), FragmentsBlockAligned: true);
    }

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    // "<serial>_<yyyyMMddTHHmmssZ>_<counter>_clipNN.mp4" (RecordingNames).
    private readonly record struct ClipName(string RecordingId, int ClipIndex, string Serial, DateTimeOffset TriggerSecond)
    {
        public static bool TryParse(string fileName, out ClipName name)
        {
            name = default;
            string stem = Path.GetFileNameWithoutExtension(fileName);
            int clip = stem.LastIndexOf("_clip", StringComparison.Ordinal);
            if (clip < 0 || !int.TryParse(stem.AsSpan(clip + 5), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            {
                return false;
            }

            string recordingId = stem[..clip];
            string[] parts = recordingId.Split('_');
            if (parts.Length != 3
                || !DateTimeOffset.TryParseExact(parts[1], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset trigger))
            {
                return false;
            }

            name = new ClipName(recordingId, index, parts[0], trigger.ToUniversalTime());
            return true;
        }
    }
}
