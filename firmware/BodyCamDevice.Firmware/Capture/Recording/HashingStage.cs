// Hashes the clip while it is written, so nothing is read back to hash it: the digest is ready
// the moment the last byte has gone to the next stage. The algorithm is the subclass's
// (Sha256Stage for the seal, Md5Stage for the store's checksum). Driven by the chain's one task.
using System.Security.Cryptography;

namespace BodyCamDevice.Firmware.Capture.Recording;

public abstract class HashingStage : IRecordingStage, IDisposable
{
    private readonly IRecordingStage _next;
    private readonly IncrementalHash _hash;
    private byte[]? _digest;

    protected HashingStage(IRecordingStage next, HashAlgorithmName algorithm)
    {
        _next = next;
        _hash = IncrementalHash.CreateHash(algorithm);
    }

    public long Length { get; private set; }

    // Lower-case hex of the digest, available once CompleteAsync has returned.
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

    public void Dispose()
    {
        _hash.Dispose();
        GC.SuppressFinalize(this);
    }
}
