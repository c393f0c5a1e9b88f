// Hashes the clip while it is written, so sealing never reads the file back: the digest is ready
// the moment the last byte has gone to the next stage. Sits directly in front of the file stage,
// so the digest is that of the bytes on storage (what `sha256sum` of the clip prints), also once
// an encryption stage is added in front of it.
using System.Security.Cryptography;

namespace BodyCamDevice.Firmware.Capture.Recording;

public sealed class Sha256Stage : IRecordingStage, IDisposable
{
    public const string AlgorithmName = "SHA-256";

    private readonly IRecordingStage _next;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[]? _digest;

    public Sha256Stage(IRecordingStage next)
    {
        _next = next;
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

    public void Dispose() => _hash.Dispose();
}
