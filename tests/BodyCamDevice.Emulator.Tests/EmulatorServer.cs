// An emulated device with its web page and control API on 127.0.0.1 at a free port, for one
// test. Real time unless a SteppingTimeProvider is given; recordings go to a temporary directory
// that is deleted with it. The virtual camera unless another is given (SmallTestPattern: ffmpeg's
// test pattern at 320x240 with a 2 s pre-record window).
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.ControlApi.Hosting;
using BodyCamDevice.Emulator.Tests.ControlApi;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Emulator.Rig;
using BodyCamDevice.Emulator.Web;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.VirtualTime;

namespace BodyCamDevice.Emulator.Tests;

internal sealed class EmulatorServer : IAsyncDisposable
{
    private EmulatorServer(EmulatedDevice device, ControlApiServer server, string recordings)
    {
        Device = device;
        Server = server;
        RecordingsPath = recordings;
        Http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public EmulatedDevice Device { get; }
    public ControlApiServer Server { get; }
    public string RecordingsPath { get; }
    public HttpClient Http { get; }
    public Uri Url => Server.Url;

    /// <summary>The ffmpeg camera, small and quick: 320x240 test pattern, 2 s pre-record.</summary>
    public static readonly CameraChoice SmallTestPattern = CameraChoice.TestPattern with { Width = 320, Height = 240, PreRecord = TimeSpan.FromSeconds(2) };

    /// <param name="connectionPath">The evidence store's connection file the emulator offloads to when docked; null: none.</param>
    public static async Task<EmulatorServer> StartAsync(TimeProvider? time = null, DeviceOptions? options = null, bool webUi = true, CameraChoice? camera = null, bool encrypt = false, string? connectionPath = null)
    {
        var recordings = Directory.CreateTempSubdirectory("bodycam-test-").FullName;
        var device = new EmulatedDevice(options ?? new DeviceOptions(), time ?? TimeProvider.System, recordings, camera ?? CameraChoice.Virtual, encrypt, connectionPath);
        var server = await ControlApiServer.StartAsync(device.Rig, new ControlApiServerOptions
        {
            Port = 0,
            MapMore = app =>
            {
                CameraEndpoints.Map(app, device);
                PlaybackEndpoints.Map(app, device);
                StoreEndpoints.Map(app, device);
                if (webUi)
                {
                    WebUi.Map(app);
                }
            },
        });
        device.Start();
        return new EmulatorServer(device, server, recordings);
    }

    /// <summary>
    /// Virtual time: lets <paramref name="duration"/> pass from one timer to the next, the
    /// recording writer let catch up at each (a wait for its work, not for time), as the scenario
    /// runner does.
    /// </summary>
    public async Task StepAsync(SteppingTimeProvider time, TimeSpan duration)
    {
        var end = time.GetUtcNow() + duration;
        while (true)
        {
            await Device.Capture.IdleAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var left = end - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            time.StepToNextTimer(left);
        }
    }

    /// <summary>Real time: the device's status once <paramref name="condition"/> holds, or after <paramref name="within"/>.</summary>
    public async Task<StatusView> StatusWhenAsync(Func<StatusView, bool> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var status = await Http.GetJsonAsync<StatusView>("api/status");
            if (condition(status) || DateTime.UtcNow >= deadline)
            {
                return status;
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        await Device.DisposeAsync();
        Directory.Delete(RecordingsPath, recursive: true);
    }
}
