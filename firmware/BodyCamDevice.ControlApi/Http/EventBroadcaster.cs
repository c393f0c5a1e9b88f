// Fans everything that happens on a device out to the event-stream clients: status, output
// changes, input levels set through the rig, audit entries, environment and recordings changes.
// Sources raise their events on the device loop, driver threads or a file watcher; each client
// gets its own bounded queue, so a slow client drops its oldest events instead of stalling the
// device. Owns its subscriptions to the sources; Dispose removes them.
using System.Threading.Channels;
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.ControlApi.Rig;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Audit;

namespace BodyCamDevice.ControlApi.Http;

public sealed class EventBroadcaster : IDisposable
{
    private const int QueueLength = 4096;

    private readonly RigDevice _rig;
    private readonly Lock _lock = new();
    private readonly List<Channel<ServerEvent>> _clients = new();
    private int _recordingsPending;

    public EventBroadcaster(RigDevice rig)
    {
        _rig = rig;
        rig.Controller.StatusChanged += OnStatus;
        rig.Outputs.Changed += OnOutput;
        rig.Inputs.Changed += OnInput;
        rig.AuditTrail.Appended += OnAudit;
        rig.Recordings.Changed += OnRecordings;
        if (rig.Environment is { } environment)
        {
            environment.Changed += OnEnvironment;
        }
    }

    /// <summary>A new client's queue; dispose the subscription when the client goes.</summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<ServerEvent>(new BoundedChannelOptions(QueueLength) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_lock)
        {
            _clients.Add(channel);
        }

        return new Subscription(this, channel);
    }

    public void Dispose()
    {
        _rig.Controller.StatusChanged -= OnStatus;
        _rig.Outputs.Changed -= OnOutput;
        _rig.Inputs.Changed -= OnInput;
        _rig.AuditTrail.Appended -= OnAudit;
        _rig.Recordings.Changed -= OnRecordings;
        if (_rig.Environment is { } environment)
        {
            environment.Changed -= OnEnvironment;
        }

        lock (_lock)
        {
            foreach (var client in _clients)
            {
                client.Writer.TryComplete();
            }

            _clients.Clear();
        }
    }

    private void Publish(string name, object payload)
    {
        var item = new ServerEvent(name, payload);
        lock (_lock)
        {
            foreach (var client in _clients)
            {
                client.Writer.TryWrite(item);
            }
        }
    }

    private void OnStatus(DeviceStatus status) => Publish("status", RigViews.Status(_rig));

    private void OnOutput(OutputChange change) => Publish("output", RigViews.OutputEvent(_rig, change));

    private void OnInput(DeviceInput input, bool active) => Publish("input", new InputView(RigInputNames.Name(input), active));

    private void OnAudit(AuditEntry entry) => Publish("audit", RigViews.Audit(entry));

    private void OnEnvironment() => Publish("status", RigViews.Status(_rig));

    private void OnRecordings()
    {
        // A clip and its manifest arrive as a burst of file events: one listing on the thread pool
        // covers every event that came before it started; events during it queue one more.
        if (Interlocked.Exchange(ref _recordingsPending, 1) == 1)
        {
            return;
        }

        _ = Task.Run(() =>
        {
            Volatile.Write(ref _recordingsPending, 0);
            Publish("recordings", _rig.Recordings.List());
        });
    }

    private void Unsubscribe(Channel<ServerEvent> channel)
    {
        lock (_lock)
        {
            _clients.Remove(channel);
        }
    }

    public readonly record struct ServerEvent(string Name, object Payload);

    public sealed class Subscription(EventBroadcaster owner, Channel<ServerEvent> channel) : IDisposable
    {
        public ChannelReader<ServerEvent> Reader => channel.Reader;

        public void Dispose() => owner.Unsubscribe(channel);
    }
}
