// Serves the control API (and whatever else the caller maps, e.g. the emulator's web page) with
// Kestrel on one address and port. Port 0 takes a free port; Url says which one was taken.
// Without a token it only binds loopback addresses: an open API on a network would let anyone
// press the record button. Owns the web application; the RigDevice stays the caller's.
using System.Net;
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.ControlApi.Http;
using BodyCamDevice.ControlApi.Rig;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BodyCamDevice.ControlApi.Hosting;

public sealed class ControlApiServerOptions
{
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one.</summary>
    public int Port { get; set; } = 8080;

    /// <summary>When set, every request needs "Authorization: Bearer" with this token.</summary>
    public string? Token { get; set; }

    /// <summary>Maps more endpoints beside /api (the emulator's page).</summary>
    public Action<WebApplication>? MapMore { get; set; }

    public LogLevel MinimumLogLevel { get; set; } = LogLevel.Warning;
}

public sealed class ControlApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EventBroadcaster _events;

    private ControlApiServer(WebApplication app, EventBroadcaster events, Uri url)
    {
        _app = app;
        _events = events;
        Url = url;
    }

    /// <summary>Where the server listens, e.g. http://127.0.0.1:8080/.</summary>
    public Uri Url { get; }

    public static async Task<ControlApiServer> StartAsync(RigDevice rig, ControlApiServerOptions options, CancellationToken cancellationToken = default)
    {
        if (!IPAddress.TryParse(options.BindAddress, out var address))
        {
            throw new ArgumentException($"BindAddress '{options.BindAddress}' is not an IP address.", nameof(options));
        }

        if (string.IsNullOrEmpty(options.Token) && !IPAddress.IsLoopback(address))
        {
            throw new InvalidOperationException($"Refusing to serve the control API on {address} without a token: only loopback addresses may go without one.");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(ControlApiServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(address, options.Port);
            // ErrorAnswers refuses bodies above RequestLimits.LargestBodyBytes; up to this, Kestrel
            // reads and drops the rest, so the client reads the 413 on an intact connection.
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
        });

        // A request that cannot be bound to its endpoint throws, so ErrorAnswers can say why.
        builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(json => ControlApiJson.Configure(json.SerializerOptions));
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(3));

        var app = builder.Build();
        app.UseErrorAnswers();
        if (!string.IsNullOrEmpty(options.Token))
        {
            app.UseMiddleware<BearerTokenAuthentication>(options.Token);
        }

        var events = new EventBroadcaster(rig);
        app.MapControlApi(rig, events);
        options.MapMore?.Invoke(app);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            events.Dispose();
            await app.DisposeAsync();
            throw;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ControlApiServer(app, events, new Uri(bound.EndsWith('/') ? bound : bound + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        // End the event streams first, so stopping does not wait for their clients.
        _events.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
