// Makes the audit log tamper-evident. Every line carries, as "prev", the SHA-256 (lower-case hex)
// of the line before it exactly as stored (its bytes between the two newlines); the first line
// of a log carries 64 zeros. A checkpoint line (kind "checkpoint", written at every clip seal,
// every dock and every shutdown) also carries, as "jws", a compact ES256 JWS made with the device
// key whose payload is that very line without its "jws" member, so its signature covers the
// line and, through "prev", every line before it. An edited, removed, inserted or reordered line
// breaks the link of the line after it; lines after the last checkpoint are linked but not yet
// signed. docs/evidence-format.md has the rule for verifiers.
//
// A log that ends in a torn line (a power cut mid-write) is continued on a new line; the torn
// bytes are a line of their own, linked like any other, which a verifier reports as torn.
//
// Threads: Next on the audit file's writer task only.
using System.Security.Cryptography;
using BodyCamDevice.Firmware.Evidence.Identity;
using BodyCamDevice.Firmware.Evidence.Jws;

namespace BodyCamDevice.Firmware.Evidence.Audit;

public sealed class AuditLineChain
{
    public const string CheckpointKind = "checkpoint";
    public const string JwsType = "bodycam-audit-checkpoint+json";
    public static readonly string Genesis = new('0', 64);

    // How far back Resume looks for the last line; audit lines are far shorter.
    private const int TailBytes = 64 * 1024;

    private readonly IDeviceSigningKey? _signer;
    private string _previous;

    private AuditLineChain(string previous, bool tornTail, IDeviceSigningKey? signer)
    {
        _previous = previous;
        TornTail = tornTail;
        _signer = signer;
    }

    // The log ended without a newline: the next line must start on a new one.
    public bool TornTail { get; private set; }

    // Continues the chain of the log at `path` (a new chain when it is missing or empty).
    // signer: the device key that signs checkpoints; null leaves them unsigned.
    public static AuditLineChain Resume(string path, IDeviceSigningKey? signer)
    {
        if (!File.Exists(path))
        {
            return new AuditLineChain(Genesis, false, signer);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (stream.Length == 0)
        {
            return new AuditLineChain(Genesis, false, signer);
        }

        int length = (int)Math.Min(stream.Length, TailBytes);
        stream.Seek(-length, SeekOrigin.End);
        byte[] tail = new byte[length];
        stream.ReadExactly(tail);
        bool torn = tail[^1] != (byte)'\n';
        int end = torn ? tail.Length : tail.Length - 1;
        int start = Array.LastIndexOf(tail, (byte)'\n', Math.Max(0, end - 1)) + 1;
        if (start == 0 && end > 0 && tail[0] != (byte)'\n' && stream.Length > length)
        {
            throw new InvalidDataException($"the last line of the audit log {path} is longer than {TailBytes} bytes");
        }

        return new AuditLineChain(Convert.ToHexStringLower(SHA256.HashData(tail.AsSpan(start, end - start))), torn, signer);
    }

    // The stored bytes of the next line (no newline). format(prev, jws) serialises the entry
    // with those two members (jws null: without it); checkpoint: sign it.
    public byte[] Next(bool checkpoint, Func<string, string?, byte[]> format)
    {
        byte[] line = format(_previous, null);
        if (checkpoint && _signer is not null)
        {
            line = format(_previous, Es256Jws.SignCompact(_signer, line, JwsType));
        }

        _previous = Convert.ToHexStringLower(SHA256.HashData(line));
        return line;
    }

    // Called once the newline that ends a torn tail has been written.
    public void TailMended() => TornTail = false;
}
