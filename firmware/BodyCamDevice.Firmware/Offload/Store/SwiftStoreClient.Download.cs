// Reading an object back from the evidence store, for the back office's side (playing back what
// a camera uploaded): the body streamed into a caller's stream, never held whole in memory, under
// the same stall watchdog as an upload, and its MD5 checked against the ETag the store answers.
using System.Net;
using System.Security.Cryptography;

namespace BodyCamDevice.Firmware.Offload.Store;

public sealed partial class SwiftStoreClient
{
    /// <summary>
    /// GET an object into <paramref name="destination"/>; its head (size, ETag, metadata), or null
    /// when the store has no such object (nothing is written then).
    /// </summary>
    /// <exception cref="StoreException">The store refused, the body stalled or broke off, or its MD5 is not the answered ETag (Corrupt).</exception>
    public async Task<ObjectHead?> GetObjectAsync(string container, string name, Stream destination, CancellationToken cancellationToken)
    {
        var what = $"GET {container}/{name}";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, ObjectUri(container, name)), what, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureAsync(response, what, cancellationToken, HttpStatusCode.OK).ConfigureAwait(false);
        var head = StoreAnswers.Object(response);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        long received = 0;
        using var stall = new CancellationTokenSource(_stallTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stall.Token);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            var buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer, linked.Token).ConfigureAwait(false)) > 0)
            {
                stall.CancelAfter(_stallTimeout);
                md5.AppendData(buffer, 0, read);
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                received += read;
            }
        }
        catch (OperationCanceledException) when (stall.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new StoreException(StoreFailureKind.Transport, $"{what}: no progress for {_stallTimeout.TotalSeconds:0.#} s after {received} bytes");
        }
        catch (HttpRequestException exception)
        {
            throw new StoreException(StoreFailureKind.Transport, $"{what}: the body broke off after {received} bytes: {Innermost(exception).Message}", inner: exception);
        }

        var hash = Convert.ToHexStringLower(md5.GetHashAndReset());
        if (received != head.Size || !string.Equals(head.Etag, hash, StringComparison.OrdinalIgnoreCase))
        {
            throw new StoreException(StoreFailureKind.Corrupt, $"{what}: {received} bytes with MD5 {hash}, but the store answered {head.Size} bytes with ETag {head.Etag}");
        }

        return head;
    }
}
