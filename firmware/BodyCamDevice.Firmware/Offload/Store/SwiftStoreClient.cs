// The evidence store over HttpClient: the Axis Body Worn Integration API, which is a small part of
// OpenStack Swift's. Authenticates with X-Auth-User/X-Auth-Key (each URI of the connection file in
// turn) for a token and a storage URL, and authenticates again once when a request answers 401 (an
// expired token). Every failure becomes a StoreException whose kind says what the offload does.
// One request at a time per client; a client lives for one dock.
using System.Net;
using BodyCamDevice.Firmware.Offload.Bwi;
using BodyCamDevice.Firmware.Offload.Connection;

namespace BodyCamDevice.Firmware.Offload.Store;

public sealed partial class SwiftStoreClient : IDisposable
{
    private readonly ConnectionSettings _connection;
    private readonly TimeProvider _time;
    private readonly TimeSpan _stallTimeout;
    private readonly PinnedCertificates? _pinned;
    private readonly HttpClient _http;
    private string? _token;
    private Uri? _storage;

    /// <param name="stallTimeout">A request that makes no progress for this long fails as a transport error.</param>
    public SwiftStoreClient(ConnectionSettings connection, TimeProvider time, TimeSpan stallTimeout)
    {
        _connection = connection;
        _time = time;
        _stallTimeout = stallTimeout;
        _pinned = connection.UsesTls ? new PinnedCertificates(connection.PinnedCertificates) : null;
        _http = new HttpClient(StoreHttpHandler.Create(_pinned, TimeSpan.FromSeconds(10)), disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>The account's storage URL, once authenticated.</summary>
    public Uri? StorageUrl => _storage;

    /// <summary>Asks for a token at each authentication URI in turn until one answers.</summary>
    public async Task AuthenticateAsync(CancellationToken cancellationToken)
    {
        StoreException? last = null;
        foreach (var uri in _connection.AuthenticationUris)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.Add("X-Auth-User", _connection.UserName);
                request.Headers.Add("X-Auth-Key", _connection.Key);
                using var response = await SendRawAsync(request, $"authentication at {uri}", null, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    throw new StoreException(StoreFailureKind.Unauthorized, $"authentication at {uri}: the store refused user {_connection.UserName} and its key ({(int)response.StatusCode})", response.StatusCode);
                }

                await EnsureAsync(response, $"authentication at {uri}", cancellationToken, HttpStatusCode.OK, HttpStatusCode.NoContent).ConfigureAwait(false);
                var token = Header(response, "X-Auth-Token");
                var storage = Header(response, "X-Storage-Url");
                if (token is null || storage is null || !Uri.TryCreate(storage, UriKind.Absolute, out var storageUri))
                {
                    throw new StoreException(StoreFailureKind.Unexpected, $"authentication at {uri}: the answer lacks X-Auth-Token or a valid X-Storage-Url");
                }

                if (storageUri.Scheme != uri.Scheme)
                {
                    // The token must never travel in the clear, nor to a host the pins do not cover.
                    throw new StoreException(StoreFailureKind.Unexpected, $"authentication at {uri}: the storage URL {storageUri} is not {uri.Scheme} like the connection");
                }

                _token = token;
                _storage = storageUri;
                return;
            }
            catch (StoreException exception) when (exception.IsTransient)
            {
                last = exception;
            }
        }

        throw last!;
    }

    /// <summary>GET System/NAME with its ETag checked against the body's MD5; null when the store has none.</summary>
    public async Task<byte[]?> GetSystemObjectAsync(string name, CancellationToken cancellationToken)
    {
        var what = $"GET {BwiNames.SystemContainer}/{name}";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, ObjectUri(BwiNames.SystemContainer, name)), what, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureAsync(response, what, cancellationToken, HttpStatusCode.OK).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var md5 = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(body));
        if (StoreAnswers.Etag(response) != md5)
        {
            throw new StoreException(StoreFailureKind.Corrupt, $"{what}: object corrupt (ETag {StoreAnswers.Etag(response) ?? "missing"}, body MD5 {md5})");
        }

        return body;
    }

    /// <summary>PUT a container (201 created, 202 already there) with metadata headers.</summary>
    public async Task PutContainerAsync(string container, IEnumerable<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        var what = $"PUT {container}";
        using var response = await SendAsync(() => WithHeaders(new HttpRequestMessage(HttpMethod.Put, ContainerUri(container)), headers), what, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(response, what, cancellationToken, HttpStatusCode.Created, HttpStatusCode.Accepted, HttpStatusCode.NoContent).ConfigureAwait(false);
    }

    /// <summary>POST container metadata (merged into what is there).</summary>
    public async Task PostContainerAsync(string container, IEnumerable<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        var what = $"POST {container}";
        using var response = await SendAsync(() => WithHeaders(new HttpRequestMessage(HttpMethod.Post, ContainerUri(container)), headers), what, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(response, what, cancellationToken, HttpStatusCode.NoContent, HttpStatusCode.Accepted).ConfigureAwait(false);
    }

    /// <summary>
    /// PUT an object with ETag: <paramref name="md5"/>: the store refuses a damaged body (422), and
    /// its answer's ETag must be that MD5 too.
    /// </summary>
    /// <param name="progress">Bytes of the body sent so far, after each block.</param>
    public async Task PutObjectAsync(string container, string name, UploadBody body, string md5, string contentType, IEnumerable<KeyValuePair<string, string>> headers, Action<long>? progress, CancellationToken cancellationToken)
    {
        var what = $"PUT {container}/{name}";
        using var response = await SendAsync(
            stall =>
            {
                var request = WithHeaders(new HttpRequestMessage(HttpMethod.Put, ObjectUri(container, name)), headers);
                request.Headers.ExpectContinue = true;
                request.Headers.TryAddWithoutValidation("ETag", md5);
                request.Content = new UploadContent(body, sent =>
                {
                    stall.CancelAfter(_stallTimeout);
                    progress?.Invoke(sent);
                });
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                return request;
            },
            what,
            cancellationToken).ConfigureAwait(false);
        await EnsureAsync(response, what, cancellationToken, HttpStatusCode.Created).ConfigureAwait(false);
        var answered = StoreAnswers.Etag(response);
        if (answered != md5)
        {
            throw new StoreException(StoreFailureKind.Corrupt, $"{what}: the store answered ETag {answered ?? "(none)"}, not the MD5 sent ({md5})", response.StatusCode);
        }
    }

    /// <summary>HEAD an object: its size, stored MD5, expiry and metadata; null when the store has no such object.</summary>
    public async Task<ObjectHead?> HeadObjectAsync(string container, string name, CancellationToken cancellationToken)
    {
        var what = $"HEAD {container}/{name}";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Head, ObjectUri(container, name)), what, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureAsync(response, what, cancellationToken, HttpStatusCode.OK).ConfigureAwait(false);
        return StoreAnswers.Object(response);
    }

    /// <summary>POST object metadata: replaces all of it (and X-Delete-At) with what is sent.</summary>
    public async Task PostObjectAsync(string container, string name, IEnumerable<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        var what = $"POST {container}/{name}";
        using var response = await SendAsync(() => WithHeaders(new HttpRequestMessage(HttpMethod.Post, ObjectUri(container, name)), headers), what, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(response, what, cancellationToken, HttpStatusCode.Accepted, HttpStatusCode.NoContent).ConfigureAwait(false);
    }

    /// <summary>HEAD a container; null when there is none.</summary>
    public async Task<ContainerHead?> HeadContainerAsync(string container, CancellationToken cancellationToken)
    {
        var what = $"HEAD {container}";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Head, ContainerUri(container)), what, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureAsync(response, what, cancellationToken, HttpStatusCode.OK, HttpStatusCode.NoContent).ConfigureAwait(false);
        return StoreAnswers.Container(response);
    }

    /// <summary>Every object of a container, or every container of the account (container null), page by page.</summary>
    public async Task<IReadOnlyList<ListedObject>> ListAsync(string? container, string? prefix, CancellationToken cancellationToken)
    {
        var listed = new List<ListedObject>();
        while (true)
        {
            var query = "?format=json" + (prefix is null ? "" : "&prefix=" + Uri.EscapeDataString(prefix))
                + (listed.Count == 0 ? "" : "&marker=" + Uri.EscapeDataString(listed[^1].Name));
            var what = $"GET {container ?? "(account)"}";
            using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, new Uri((container is null ? Storage.ToString() : ContainerUri(container).ToString()) + query)), what, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return listed;
            }

            await EnsureAsync(response, what, cancellationToken, HttpStatusCode.OK, HttpStatusCode.NoContent).ConfigureAwait(false);
            var page = StoreAnswers.Listing(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false) is { Length: > 0 } json ? json : "[]"u8.ToArray());
            if (page.Count == 0)
            {
                return listed;
            }

            listed.AddRange(page);
        }
    }

    public void Dispose() => _http.Dispose();
}
