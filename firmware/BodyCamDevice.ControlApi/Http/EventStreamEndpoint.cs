// GET /api/events: one server-sent-events stream of everything. It opens with a "snapshot" event
// (status, inputs, outputs, recent audit, recordings), then sends "status", "output", "input",
// "audit" and "recordings" events as they happen, and a comment every 15 s to keep proxies open.
// The stream ends when the client goes or the server stops.
using System.Text.Json;
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.ControlApi.Rig;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BodyCamDevice.ControlApi.Http;

internal static class EventStreamEndpoint
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static void Map(IEndpointRouteBuilder api, RigDevice rig, EventBroadcaster events)
    {
        // Typed as a Delegate, so request checks (an endpoint filter) apply to it too.
        api.MapGet("/events", (Func<HttpContext, Task>)(async context =>
        {
            var lifetime = context.RequestServices.GetRequiredService<IHostApplicationLifetime>();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
            var response = context.Response;
            response.ContentType = "text/event-stream; charset=utf-8";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

            // Subscribe before the snapshot so nothing that happens in between is missed.
            using var subscription = events.Subscribe();
            try
            {
                await WriteAsync(response, "snapshot", RigViews.Snapshot(rig), stop.Token);
                while (!stop.IsCancellationRequested)
                {
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                    wait.CancelAfter(KeepAlive);
                    try
                    {
                        if (!await subscription.Reader.WaitToReadAsync(wait.Token))
                        {
                            return;
                        }
                    }
                    catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                    {
                        await response.WriteAsync(": keep-alive\n\n", stop.Token);
                        await response.Body.FlushAsync(stop.Token);
                        continue;
                    }

                    while (subscription.Reader.TryRead(out var item))
                    {
                        await WriteAsync(response, item.Name, item.Payload, stop.Token);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Client gone or server stopping: the stream simply ends.
            }
        })).Takes();
    }

    private static async Task WriteAsync(HttpResponse response, string name, object payload, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(payload, ControlApiJson.Options.GetTypeInfo(payload.GetType()));
        await response.WriteAsync($"event: {name}\ndata: {json}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
