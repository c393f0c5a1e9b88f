// Request bodies the proxy damages, holds or cuts: one byte flipped in the middle of the first
// read that reaches it (the length stays, so only the MD5 check can tell), a body that stops after
// a number of bytes until the test releases it, or one whose connection is cut after a number of
// bytes (the client sees its connection reset mid-body; the store never sees the body end).
namespace BodyCamDevice.DevServices;

internal sealed class FlippingStream(Stream inner) : ReadOnlyBodyStream
{
    private bool _flipped;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        if (!_flipped && read > 0)
        {
            buffer.Span[read / 2] ^= 0x5A;
            _flipped = true;
        }

        return read;
    }
}

internal sealed class PausingStream(Stream inner, BodyPause pause) : ReadOnlyBodyStream
{
    private long _passed;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_passed >= pause.AfterBytes)
        {
            pause.MarkReached();
            await pause.Released.WaitAsync(cancellationToken);
        }

        var allowed = (int)Math.Min(buffer.Length, Math.Max(1, pause.AfterBytes - _passed));
        var read = await inner.ReadAsync(_passed >= pause.AfterBytes ? buffer : buffer[..allowed], cancellationToken);
        _passed += read;
        return read;
    }
}

internal sealed class CuttingStream(Stream inner, long afterBytes, Action cut) : ReadOnlyBodyStream
{
    private long _passed;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_passed >= afterBytes)
        {
            cut();
            throw new IOException($"connection cut after {_passed} bytes of the body");
        }

        var allowed = (int)Math.Min(buffer.Length, Math.Max(1, afterBytes - _passed));
        var read = await inner.ReadAsync(buffer[..allowed], cancellationToken);
        _passed += read;
        return read;
    }
}

// What the three share: a body read once, front to back, by the forwarder (async; Read only for
// completeness).
internal abstract class ReadOnlyBodyStream : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
