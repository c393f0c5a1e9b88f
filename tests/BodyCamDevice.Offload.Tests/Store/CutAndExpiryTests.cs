// The way to the store failing mid-transfer, through a proxy in front of a real Swift: a
// connection cut in the middle of a clip's body (the store never sees it end) is retried and the
// clip stored whole, once; every token expiring mid-upload makes the client authenticate again
// and go on, the store never seeing a request with a dead token answered.
using BodyCamDevice.DevServices;
using BodyCamDevice.Firmware.Offload;

namespace BodyCamDevice.Offload.Tests.Store;

public class CutAndExpiryTests
{
    private SwiftDevStore Store => DevelopmentStore.Store;

    [Test]
    public async Task AConnectionCutMidBodyIsRetriedAndTheClipStoredWholeOnce()
    {
        await using var proxy = await StoreProxy.StartAsync(Store.AuthUri);
        using var recordings = new TestRecordings();
        var recording = recordings.Make(DateTimeOffset.UtcNow.AddMinutes(-5), large: true);
        proxy.CutBody("PUT", path => path.Contains(recordings.Officer) && path.EndsWith("-01.mp4"), afterBytes: 100_000, times: 2);

        var report = await Session(proxy, recordings).RunAsync([recording], CancellationToken.None);

        Assert.That(report.Recordings[0].Outcome, Is.EqualTo(RecordingOffloadOutcome.Confirmed), report.Recordings[0].Reason);
        var puts = proxy.Requests.Where(request => request.Method == "PUT" && request.Path.EndsWith("-01.mp4")).ToList();
        Assert.That(puts.Select(request => request.Status), Is.EqualTo(new[] { 0, 0, 201 }), "cut twice, then stored once");
        var name = report.Recordings[0].Confirmation!.Objects.Single(item => item.Name.EndsWith("-01.mp4")).Name;
        Assert.That(await Store.Admin.GetAsync(report.Recordings[0].Container!, name), Is.EqualTo(await File.ReadAllBytesAsync(recording.Clips[0].Media.Path)));
    }

    [Test]
    public async Task TokensExpiringMidUploadAreReplacedAndTheUploadGoesOn()
    {
        await using var proxy = await StoreProxy.StartAsync(Store.AuthUri);
        using var recordings = new TestRecordings();
        var recording = recordings.Make(DateTimeOffset.UtcNow.AddMinutes(-5), clips: 2, large: true);
        var pause = proxy.PauseBody("PUT", path => path.Contains(recordings.Officer) && path.EndsWith("-01.mp4"), afterBytes: 1 << 20);

        var running = Session(proxy, recordings).RunAsync([recording], CancellationToken.None);
        await pause.Reached.WaitAsync(TimeSpan.FromSeconds(60));
        var authentications = proxy.Requests.Count(request => request.Path == "/auth/v1.0");
        proxy.ExpireTokens();
        pause.Release();
        var report = await running.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.That(report.Recordings[0].Outcome, Is.EqualTo(RecordingOffloadOutcome.Confirmed), report.Recordings[0].Reason);
        var log = proxy.Requests.ToList();
        Assert.That(log.Where(request => request.Status == 401), Is.Not.Empty, "requests with the expired token were refused");
        Assert.That(log.Count(request => request.Path == "/auth/v1.0"), Is.GreaterThan(authentications), "authenticated again");
        Assert.That(log.Last(request => request.Method == "POST" && request.Path.Contains(recordings.Officer)).Status, Is.EqualTo(204), "marked Complete with a new token");
    }

    private OffloadSession Session(StoreProxy proxy, TestRecordings recordings) =>
        new(Connections.Of(Store, proxy.AuthUri), Connections.Options(recordings), TimeProvider.System);
}
