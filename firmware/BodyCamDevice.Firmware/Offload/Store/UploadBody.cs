// The body of a PUT: a local file streamed from storage (never loaded whole: a clip is up to
// gigabytes) or bytes made at the dock. Each send opens the file anew, so a retry or a re-send
// after a corrupt answer starts from its first byte. Progress is reported per block; every block
// also tells the stall watchdog the request is alive.
using System.Buffers;
using System.Net;

namespace BodyCamDevice.Firmware.Offload.Store;

public sealed record UploadBody(string? Path, byte[]? Bytes, long Length)
{
    public static UploadBody FromFile(string path, long length) => new(path, null, length);

    public static UploadBody FromBytes(byte[] bytes) => new(null, bytes, bytes.Length);
}

/// <summary>A local file could not be read while it was sent (gone, shorter than recorded, I/O error).</summary>
public sealed class LocalFileException(string message, Exception? inner = null) : IOException(message, inner);

internal sealed class UploadContent : HttpContent
{
    private const int BlockBytes = 1 << 20;

    private readonly UploadBody _body;
    private readonly Action<long> _sent;

    /// <param name="sent">Called with the bytes sent so far after each block (on the sending thread).</param>
    public UploadContent(UploadBody body, Action<long> sent)
    {
        _body = body;
        _sent = sent;
        Headers.ContentLength = body.Length;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (_body.Bytes is { } bytes)
        {
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            _sent(bytes.Length);
            return;
        }

        FileStream file;
        try
        {
            file = new FileStream(_body.Path!, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new LocalFileException($"cannot open {_body.Path}: {exception.Message}", exception);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(BlockBytes);
        try
        {
            await using (file.ConfigureAwait(false))
            {
                long total = 0;
                while (total < _body.Length)
                {
                    int read;
                    try
                    {
                        read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(BlockBytes, _body.Length - total)), cancellationToken).ConfigureAwait(false);
                    }
                    catch (IOException exception)
                    {
                        throw new LocalFileException($"cannot read {_body.Path}: {exception.Message}", exception);
                    }

                    if (read == 0)
                    {
                        throw new LocalFileException($"{_body.Path} ended after {total} bytes; {_body.Length} were recorded");
                    }

                    await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    total += read;
                    _sent(total);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length;
        return true;
    }
}
