// A proxy in front of the store, on 127.0.0.1, for the failures a real network and a real store
// produce: it answers chosen requests itself (400, 401, 503, 507…), flips a byte in a chosen
// request body (the store then answers 422), holds a body half-sent until told to go on (to kill
// the store mid-PUT), cuts a client's connection in the middle of a body (a network that drops),
// expires the tokens issued so far (401 until the client authenticates again), and with a
// certificate it terminates TLS. Everything else is forwarded to
// Swift by YARP's forwarder, the storage URL in the authentication answer rewritten to point at
// the proxy. When the store is gone, the client's connection is cut, as the store's own would be.
// Every request is logged with the answer the client got.
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace BodyCamDevice.DevServices;

/// <param name="Injected">The proxy answered it itself (or damaged its body) instead of passing it on untouched.</param>
public sealed record ProxiedRequest(string Method, string Path, int Status, bool Injected)
{
    /// <summary>When the request reached the proxy.</summary>
    public DateTimeOffset At { get; init; } = DateTimeOffset.UtcNow;
}

public sealed class StoreProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Uri _target;
    private readonly ConcurrentQueue<ProxiedRequest> _requests = new();
    private readonly List<Fault> _faults = [];
    private readonly Lock _gate = new();
    // Tokens are handed to the client as `<store's token>.g<generation>`: ExpireTokens starts a new
    // generation, so every token issued before is refused (401) while the client's next
    // authentication gets a live one, although the store (tempauth) hands out the same token again.
    private int _tokenGeneration;

    private StoreProxy(WebApplication app, Uri target, Uri baseUri)
    {
        _app = app;
        _target = target;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public Uri AuthUri => new(BaseUri, "/auth/v1.0");

    public IReadOnlyList<ProxiedRequest> Requests => _requests.ToArray();

    /// <param name="target">The store, e.g. http://127.0.0.1:PORT/.</param>
    /// <param name="certificate">With a certificate (and its private key) the proxy speaks HTTPS.</param>
    public static async Task<StoreProxy> StartAsync(Uri target, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        builder.Services.AddHttpForwarder();
        var app = builder.Build();
        StoreProxy? proxy = null;
        var invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        });
        app.Run(context => proxy!.HandleAsync(context, app.Services.GetRequiredService<IHttpForwarder>(), invoker));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        proxy = new StoreProxy(app, target, new Uri($"{(certificate is null ? "http" : "https")}://127.0.0.1:{address.Port}/"));
        return proxy;
    }

    /// <summary>The next <paramref name="times"/> requests matching answer <paramref name="status"/> from the proxy.</summary>
    public void Answer(string method, Func<string, bool> path, int status, int times = 1) =>
        Add(new Fault(method, path, times) { Status = status });

    /// <summary>The next matching request's body reaches the store with one byte flipped.</summary>
    public void CorruptBody(string method, Func<string, bool> path, int times = 1) =>
        Add(new Fault(method, path, times) { Corrupt = true });

    /// <summary>The next matching request's body stops after <paramref name="afterBytes"/> until the pause is released.</summary>
    public BodyPause PauseBody(string method, Func<string, bool> path, long afterBytes)
    {
        var pause = new BodyPause(afterBytes);
        Add(new Fault(method, path, 1) { Pause = pause });
        return pause;
    }

    /// <summary>The next matching request's connection is cut after <paramref name="afterBytes"/> of its body reached the proxy (the store never sees it end).</summary>
    public void CutBody(string method, Func<string, bool> path, long afterBytes, int times = 1) =>
        Add(new Fault(method, path, times) { CutAfter = afterBytes });

    /// <summary>Every token issued so far is refused from now on (401), as a store does when they expire; the next authentication gets a new one.</summary>
    public void ExpireTokens() => Interlocked.Increment(ref _tokenGeneration);

    public void ClearFaults()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Add(Fault fault)
    {
        lock (_gate)
        {
            _faults.Add(fault);
        }
    }

    private Fault? Take(HttpRequest request)
    {
        lock (_gate)
        {
            var path = Uri.UnescapeDataString(request.Path.Value ?? "");
            var fault = _faults.FirstOrDefault(candidate => candidate.Method == request.Method && candidate.Path(path));
            if (fault is not null && --fault.Remaining == 0)
            {
                _faults.Remove(fault);
            }

            return fault;
        }
    }

    // True when the request carries a token of an expired generation; else its token is put back as the store issued it.
    private bool Expired(HttpRequest request)
    {
        var expired = false;
        foreach (var header in new[] { "X-Auth-Token", "X-Storage-Token" })
        {
            var token = request.Headers[header].ToString();
            var mark = token.LastIndexOf(".g", StringComparison.Ordinal);
            if (mark > 0 && int.TryParse(token.AsSpan(mark + 2), System.Globalization.CultureInfo.InvariantCulture, out var generation))
            {
                expired |= generation < Volatile.Read(ref _tokenGeneration);
                request.Headers[header] = token[..mark];
            }
        }

        return expired;
    }

    private string Issued(string token) => $"{token}.g{Volatile.Read(ref _tokenGeneration)}";

    private async Task HandleAsync(HttpContext context, IHttpForwarder forwarder, HttpMessageInvoker invoker)
    {
        var at = DateTimeOffset.UtcNow;
        var path = Uri.UnescapeDataString(context.Request.Path.Value ?? "");
        if (Expired(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("token expired\n");
            _requests.Enqueue(new ProxiedRequest(context.Request.Method, path, StatusCodes.Status401Unauthorized, Injected: true) { At = at });
            return;
        }

        var fault = Take(context.Request);
        if (fault?.Status is { } status)
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsync($"injected {status}\n");
            _requests.Enqueue(new ProxiedRequest(context.Request.Method, path, status, Injected: true) { At = at });
            return;
        }

        if (fault?.Corrupt == true)
        {
            context.Request.Body = new FlippingStream(context.Request.Body);
        }
        else if (fault?.Pause is { } pause)
        {
            context.Request.Body = new PausingStream(context.Request.Body, pause);
        }
        else if (fault?.CutAfter is { } cutAfter)
        {
            context.Request.Body = new CuttingStream(context.Request.Body, cutAfter, context.Abort);
        }

        var error = await forwarder.SendAsync(context, _target.GetLeftPart(UriPartial.Authority), invoker, ForwarderRequestConfig.Empty, new StorageUrlRewriter(BaseUri, Issued));
        if (error != ForwarderError.None && !context.Response.HasStarted)
        {
            // The store is gone: the client sees its connection cut, not an answer from the proxy.
            context.Abort();
            _requests.Enqueue(new ProxiedRequest(context.Request.Method, path, 0, fault is not null) { At = at });
            return;
        }

        _requests.Enqueue(new ProxiedRequest(context.Request.Method, path, context.Response.StatusCode, fault is not null) { At = at });
    }

    private sealed class Fault(string method, Func<string, bool> path, int times)
    {
        public string Method { get; } = method;

        public Func<string, bool> Path { get; } = path;

        public int Remaining { get; set; } = times;

        public int? Status { get; init; }

        public bool Corrupt { get; init; }

        public BodyPause? Pause { get; init; }

        public long? CutAfter { get; init; }
    }

    private sealed class StorageUrlRewriter(Uri proxy, Func<string, string> issued) : HttpTransformer
    {
        public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
        {
            var result = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
            var headers = httpContext.Response.Headers;
            if (headers.TryGetValue("X-Storage-Url", out var storage))
            {
                // tempauth builds it from the Host header the proxy passed on, with Swift's own scheme.
                headers["X-Storage-Url"] = new Uri(proxy, new Uri(storage.ToString()).PathAndQuery).ToString();
            }

            foreach (var header in new[] { "X-Auth-Token", "X-Storage-Token" })
            {
                if (headers.TryGetValue(header, out var token) && token.Count == 1)
                {
                    headers[header] = issued(token.ToString());
                }
            }

            return result;
        }
    }
}

/// <summary>A request body held after a number of bytes: Reached completes then; Release lets it go on.</summary>
public sealed class BodyPause(long afterBytes)
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long AfterBytes { get; } = afterBytes;

    public Task Reached => _reached.Task;

    internal Task Released => _released.Task;

    public void Release() => _released.TrySetResult();

    internal void MarkReached() => _reached.TrySetResult();
}
