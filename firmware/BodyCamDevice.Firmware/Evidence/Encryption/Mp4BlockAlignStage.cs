// Pads every part of an MP4 stream (the init segment, each fragment) to a multiple of 16 bytes
// with a top-level `free` box (ISO/IEC 14496-12, 8.1.2: players skip it) before the encryption
// stage, so each part ends exactly on an AES block boundary. CBC then turns every part into
// whole cipher blocks at once, and a fragment synced to storage is a fragment that decrypts: a
// torn encrypted clip loses only what a torn clip in clear loses. Costs at most 23 bytes a
// fragment. The padding is part of the plaintext (and of its hash), so the file decrypts to
// exactly what this stage passed on.
//
// Threads: driven by the chain's one task, as every stage.
using System.Buffers.Binary;
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.Firmware.Evidence.Encryption;

public sealed class Mp4BlockAlignStage : IRecordingStage
{
    public const int BlockSize = 16;

    // A box is at least its 8-byte header (32-bit size, type).
    private const int BoxHeader = 8;

    private readonly IRecordingStage _next;
    private readonly byte[] _padding = new byte[BlockSize + BoxHeader];
    private long _length;

    public Mp4BlockAlignStage(IRecordingStage next)
    {
        _next = next;
    }

    public long PaddingBytes { get; private set; }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        _length += data.Length;
        return _next.WriteAsync(data, cancellationToken);
    }

    public async ValueTask FragmentCompleteAsync(Mp4Segment segment, CancellationToken cancellationToken = default)
    {
        int size = PaddingFor(_length);
        if (size > 0)
        {
            Array.Clear(_padding);
            BinaryPrimitives.WriteUInt32BigEndian(_padding, (uint)size);
            "free"u8.CopyTo(_padding.AsSpan(4));
            await _next.WriteAsync(_padding.AsMemory(0, size), cancellationToken).ConfigureAwait(false);
            _length += size;
            PaddingBytes += size;
        }

        await _next.FragmentCompleteAsync(segment, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken = default) => _next.CompleteAsync(cancellationToken);

    // The size of the free box that brings `length` to a multiple of 16; 0 when it already is.
    public static int PaddingFor(long length)
    {
        int missing = (int)((BlockSize - length % BlockSize) % BlockSize);
        return missing == 0 ? 0 : missing < BoxHeader ? missing + BlockSize : missing;
    }
}
