// How every request of SwiftStoreClient is sent: with the token (a fresh one once after a 401),
// under a stall watchdog on the TimeProvider, and with every failure of the way there (refused
// certificate, network, a local file) turned into a StoreException naming the request.
using System.Net;
using System.Security.Authentication;
using BodyCamDevice.Firmware.Offload.Bwi;

namespace BodyCamDevice.Firmware.Offload.Store;

public sealed partial class SwiftStoreClient
{
    private Uri Storage => _storage ?? throw new InvalidOperationException("not authenticated");

    private Uri ContainerUri(string container) => new($"{Storage.ToString().TrimEnd('/')}/{Uri.EscapeDataString(container)}");

    private Uri ObjectUri(string container, string name) =>
        new($"{ContainerUri(container)}/{string.Join('/', name.Split('/').Select(Uri.EscapeDataString))}");

    private Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, string what, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead) =>
        SendAsync(_ => build(), what, cancellationToken, completion);

    /// <param name="build">Makes the request; given the stall watchdog, which a body being sent keeps alive.</param>
    /// <param name="completion">ResponseHeadersRead: the body is left to the caller to read (and to watch for stalls).</param>
    private async Task<HttpResponseMessage> SendAsync(Func<CancellationTokenSource, HttpRequestMessage> build, string what, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        if (_token is null)
        {
            await AuthenticateAsync(cancellationToken).ConfigureAwait(false);
        }

        for (var attempt = 0; ; attempt++)
        {
            using var stall = new CancellationTokenSource(_stallTimeout, _time);
            using var request = build(stall);
            request.Headers.Add("X-Auth-Token", _token);
            var response = await SendWithinAsync(request, what, stall, cancellationToken, completion).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                return response;
            }

            response.Dispose();
            if (attempt > 0)
            {
                throw new StoreException(StoreFailureKind.Unauthorized, $"{what}: 401 again with a fresh token", HttpStatusCode.Unauthorized);
            }

            // The token expired (or the store forgot it): a new one, and the request again.
            _token = null;
            await AuthenticateAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, string what, CancellationTokenSource? stall, CancellationToken cancellationToken) =>
        stall is null ? SendWithStallAsync(request, what, cancellationToken) : SendWithinAsync(request, what, stall, cancellationToken);

    private async Task<HttpResponseMessage> SendWithStallAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        using var stall = new CancellationTokenSource(_stallTimeout, _time);
        return await SendWithinAsync(request, what, stall, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendWithinAsync(HttpRequestMessage request, string what, CancellationTokenSource stall, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stall.Token);
        try
        {
            var response = await _http.SendAsync(request, completion, linked.Token).ConfigureAwait(false);
            return response;
        }
        catch (OperationCanceledException) when (stall.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new StoreException(StoreFailureKind.Transport, $"{what}: no progress for {_stallTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException exception) when (Find<LocalFileException>(exception) is { } local)
        {
            throw new StoreException(StoreFailureKind.LocalFile, $"{what}: {local.Message}", inner: local);
        }
        catch (HttpRequestException exception) when (Find<AuthenticationException>(exception) is not null)
        {
            var reason = _pinned?.LastRefusal ?? Find<AuthenticationException>(exception)!.Message;
            throw new StoreException(StoreFailureKind.CertificateRefused, $"{what}: TLS refused: {reason}", inner: exception);
        }
        catch (HttpRequestException exception)
        {
            throw new StoreException(StoreFailureKind.Transport, $"{what}: {Innermost(exception).Message}", inner: exception);
        }
        catch (IOException exception)
        {
            throw new StoreException(StoreFailureKind.Transport, $"{what}: {exception.Message}", inner: exception);
        }
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken, params HttpStatusCode[] expected)
    {
        if (expected.Contains(response.StatusCode))
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var excerpt = body.Length > 200 ? body[..200] + "…" : body;
        excerpt = excerpt.ReplaceLineEndings(" ").Trim();
        throw new StoreException(
            StoreException.KindOf(response.StatusCode),
            $"{what}: {(int)response.StatusCode} {response.ReasonPhrase}{(excerpt.Length > 0 ? ": " + excerpt : "")}",
            response.StatusCode);
    }

    private static HttpRequestMessage WithHeaders(HttpRequestMessage request, IEnumerable<KeyValuePair<string, string>> headers)
    {
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is not null)
        {
            exception = exception.InnerException;
        }

        return exception;
    }
}
