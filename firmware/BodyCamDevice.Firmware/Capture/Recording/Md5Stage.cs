// MD5 of the clip while it is written, for the evidence store: the offload sends it as the PUT's
// ETag and the store refuses a body that does not match (422), so a clip damaged between the card
// and the store is caught without reading the clip again at the dock. Sits beside Sha256Stage,
// directly in front of the file stage, so the digest is that of the bytes on storage (ciphertext
// once an encryption stage is in front of it), which is what the store receives. MD5 is the
// store's checksum here, not a seal: the SHA-256 and the signed manifest are the evidence.
using System.Security.Cryptography;

namespace BodyCamDevice.Firmware.Capture.Recording;

public sealed class Md5Stage : IRecordingStage, IDisposable
{
    private readonly IRecordingStage _next;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private byte[]? _digest;

    public Md5Stage(IRecordingStage next)
    {
        _next = next;
    }

    public long Length { get; private set; }

    // Lower-case hex of the digest (the form Swift's ETag takes), available once CompleteAsync has returned.
    public string Digest => _digest is null
        ? throw new InvalidOperationException("the clip is not complete yet")
        : Convert.ToHexStringLower(_digest);

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        _hash.AppendData(data.Span);
        Length += data.Length;
        return _next.WriteAsync(data, cancellationToken);
    }

    public ValueTask FragmentCompleteAsync(Mp4Segment segment, CancellationToken cancellationToken = default) =>
        _next.FragmentCompleteAsync(segment, cancellationToken);

    public async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        _digest ??= _hash.GetHashAndReset();
        await _next.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _hash.Dispose();
}
