// The store's failures, each injected by a proxy in front of a real Swift: a body damaged on the
// way (422, sent again intact), an expired token (401, authenticated again), a busy store (503,
// back-off with jitter, then on or stop and resume), a full store (507, stop), content it rejects
// (400: kept, "not transferred", copied to rejected content when the store takes it).
using System.Security.Cryptography;
using BodyCamDevice.DevServices;
using BodyCamDevice.Firmware.Offload;
using BodyCamDevice.Firmware.Offload.Recordings;

namespace BodyCamDevice.Offload.Tests.Store;

public class FailureTests
{
    private SwiftDevStore Store => DevelopmentStore.Store;

    [Test]
    public async Task ABodyDamagedOnTheWayIsRefusedWith422AndSentAgainIntact()
    {
        await using var proxy = await StoreProxy.StartAsync(Store.AuthUri);
        using var recordings = new TestRecordings();
        var recording = recordings.Make(DateTimeOffset.UtcNow.AddMinutes(-5), large: true);
        proxy.CorruptBody("PUT", path => path.Contains(recordings.Officer) && path.EndsWith("-01.mp4"));
        var observer = new RecordingObserver();

        var report = await Session(proxy, recordings, observer).RunAsync([recording], CancellationToken.None);

        Assert.That(report.Recordings[0].Outcome, Is.EqualTo(RecordingOffloadOutcome.Confirmed), report.Recordings[0].Reason);
        var puts = proxy.Requests.Where(request => request.Method == "PUT" && request.Path.EndsWith("-01.mp4")).ToList();
        Assert.That(puts.Select(request => request.Status), Is.EqualTo(new[] { 422, 201 }), "damaged once, refused by the store, sent again");
        Assert.That(observer.Resends, Has.Count.EqualTo(1));
        var stored = await Store.Admin.GetAsync(report.Recordings[0].Container!, report.Recordings[0].Confirmation!.Objects.Single(item => item.Name.EndsWith("-01.mp4")).Name);
        Assert.That(stored, Is.EqualTo(await File.ReadAllBytesAsync(recording.Clips[0].Media.Path)), "stored intact");
    }

    [Test]
    public async Task AnExpiredTokenIsReplacedAndTheRequestSentAgain()
    {
        await using var proxy = await StoreProxy.StartAsync(Store.AuthUri);
        using var recordings = new TestRecordings();
        var recording = recordings.Make(DateTimeOffset.UtcNow.AddMinutes(-5));
        proxy.Answer("PUT", path => path.Contains(recordings.Officer) && path.EndsWith(".mp4"), 401);

        var report = await Session(proxy, recordings).RunAsync([recording], CancellationToken.None);

        Assert.That(report.Recordings[0].Outcome, Is.EqualTo(RecordingOffloadOutcome.Confirmed), report.Recordings[0].Reason);
        var log = proxy.Requests.ToList();
        var refused = log.FindIndex(request => request.Status == 401);
        var again = log.FindIndex(refused + 1, request => request.Method == "PUT" && request.Path == log[refused].Path);
        Assert.That(again, Is.GreaterThan(refused), "the same PUT again");
        Assert.That(log[again].Status, Is.EqualTo(201));
        Assert.That(log.Skip(refused + 1).Take(again - refused - 1).Select(request => request.Path), Does.Contain("/auth/v1.0"), "after a new token");
    }

    [Test]
    public async Task ABusyStoreIsRetriedAfterJitteredBackOffs()
    {
        await using var proxy = await StoreProxy.StartAsync(Store.AuthUri);
        using var recordings = new TestRecordings();
        var recording = recordings.Make(DateTimeOffset.UtcNow.AddMinutes(-5));
        proxy.Answer("PUT", path => path.Contains(recordings.Officer), 503, times: 5);
        var observer = new RecordingObserver();

        var report = await Session(proxy, recordings, observer, Connections.QuickRetries(attempts: 8)).RunAsync([recording], CancellationToken.None);

        Assert.That(report.Outcome, Is.EqualTo(OffloadOutcome.Completed));
        Assert.That(report.Recordings[0].Outcome, Is.EqualTo(RecordingOffloadOutcome.Confirmed));
        Assert.That(observer.Retries, Has.Count.EqualTo(5));
        Assert.That(observer.Retries.Select(retry => retry.Failure), Has.All.Contains("503"));
        Assert.That(observer.Retries.Select(retry => retry.Delay), Has.All.GreaterThan(TimeSpan.Zero).And.All.LessThanOrEqualTo(TimeSpan.FromMilliseconds(100)));
    }

    [Test]
    public async Task AStoreBusyOnEveryRetryStopsTheDockAndTheNextDockResumes()
    {
        await using var proxy = await StoreProxy.StartAsync(Store.AuthUri);
        using var recordings = new TestRecordings();
        var first = recordings.Make(DateTimeOffset.UtcNow.AddMinutes(-9));
        var second = recordings.Make(DateTimeOffset.UtcNow.AddMinutes(-5), counter: 2);
        proxy.Answer("PUT", path => path.Contains(recordings.Officer) && path.EndsWith(".mp4") && path.Contains(BwiContainerTime(second)), 503, times: 100);

        var stopped = await Session(proxy, recordings, settings: Connections.QuickRetries(attempts: 3)).RunAsync([first, second], CancellationToken.None);

        Assert.That(stopped.Outcome, Is.EqualTo(OffloadOutcome.StoreBusy), stopped.Reason);
        Assert.That(stopped.Recordings.Select(result => result.Outcome), Is.EqualTo(new[] { RecordingOffloadOutcome.Confirmed, RecordingOffloadOutcome.Interrupted }));
        Assert.That(proxy.Requests.Count(request => request.Status == 503), Is.EqualTo(4), "the first try and three retries");

        proxy.ClearFaults();
        var resumed = await Session(proxy, recordings).RunAsync([first, second], CancellationToken.None);

        Assert.That(resumed.Recordings.Select(result => result.Outcome), Is.All.EqualTo(RecordingOffloadOutcome.Confirmed));
        Assert.That(resumed.Recordings[0].ObjectsSent, Is.Zero, "the confirmed one is not sent again");
    }

    [Test]
    public async Task AFullStoreStopsTheDockAndNothingIsConfirmedThatItDoesNotHold()
    {
        await using var proxy = await StoreProxy.StartAsync(Store.AuthUri);
        using var recordings = new TestRecordings();
        var first = recordings.Make(DateTimeOffset.UtcNow.AddMinutes(-9));
        var second = recordings.Make(DateTimeOffset.UtcNow.AddMinutes(-5), counter: 2);
        proxy.Answer("PUT", path => path.Contains(recordings.Officer) && path.EndsWith(".mp4"), 507, times: 100);

        var report = await Session(proxy, recordings).RunAsync([first, second], CancellationToken.None);

        Assert.That(report.Outcome, Is.EqualTo(OffloadOutcome.StoreFull));
        Assert.That(report.Reason, Does.Contain("507"));
        Assert.That(report.Recordings.Select(result => result.Outcome), Is.EqualTo(new[] { RecordingOffloadOutcome.Interrupted, RecordingOffloadOutcome.NotAttempted }));
        Assert.That(report.Recordings.SelectMany(result => result.ConfirmedLocalFiles), Is.Empty);
        Assert.That(proxy.Requests.Count(request => request.Status == 507), Is.EqualTo(1), "no retry into a full store");
    }

    [Test]
    public async Task RejectedContentIsKeptNotTransferredAndCopiedWhereTheStoreTakesIt()
    {
        await using var proxy = await StoreProxy.StartAsync(Store.AuthUri);
        using var recordings = new TestRecordings();
        var rejected = recordings.Make(DateTimeOffset.UtcNow.AddMinutes(-9), clips: 2);
        var fine = recordings.Make(DateTimeOffset.UtcNow.AddMinutes(-5), counter: 2);
        proxy.Answer("PUT", path => path.Contains(recordings.Officer) && path.EndsWith("0001-02.mp4"), 400);

        var report = await Session(proxy, recordings).RunAsync([rejected, fine], CancellationToken.None);

        Assert.That(report.Outcome, Is.EqualTo(OffloadOutcome.Completed));
        var result = report.Recordings[0];
        Assert.That(result.Outcome, Is.EqualTo(RecordingOffloadOutcome.NotTransferred));
        Assert.That(result.ConfirmedLocalFiles, Is.Empty, "kept on the camera");
        Assert.That(result.Reason, Does.Contain("400"));
        Assert.That(report.Recordings[1].Outcome, Is.EqualTo(RecordingOffloadOutcome.Confirmed), "the others go on");

        Assert.That(result.RejectedContainer, Does.StartWith("RejectedContent_"));
        var copied = await Store.Admin.ListAsync(result.RejectedContainer);
        Assert.That(copied, Has.Count.EqualTo(1).And.All.EndsWith("0001-02.mp4"));
        Assert.That(await Store.Admin.GetAsync(result.RejectedContainer!, copied[0]), Is.EqualTo(await File.ReadAllBytesAsync(rejected.Clips[1].Media.Path)));
        var headers = await Store.Admin.HeadAsync(result.RejectedContainer!);
        Assert.That(Uri.UnescapeDataString(headers!["X-Container-Meta-Rejectedcontentoriginalcontainer"]), Is.EqualTo(result.Container));
        Assert.That(headers.ContainsKey("X-Container-Meta-Status"), Is.False);

        var again = await Session(proxy, recordings).RunAsync([rejected], CancellationToken.None);
        Assert.That(again.Recordings[0].Outcome, Is.EqualTo(RecordingOffloadOutcome.NotTransferred));
        Assert.That(again.Recordings[0].ObjectsSent, Is.Zero, "not tried again at every dock");
    }

    [Test]
    public async Task WithoutTheRejectedContentCapabilityNothingIsCopied()
    {
        var capabilities = await Store.Admin.GetAsync("System", "Capabilities.json");
        await Store.Admin.PutAsync("System", "Capabilities.json", """{"Store":{"StoreBookmarks":true}}"""u8.ToArray());
        try
        {
            await using var proxy = await StoreProxy.StartAsync(Store.AuthUri);
            using var recordings = new TestRecordings();
            var recording = recordings.Make(DateTimeOffset.UtcNow.AddMinutes(-5));
            proxy.Answer("PUT", path => path.Contains(recordings.Officer) && path.EndsWith(".mp4"), 400);

            var report = await Session(proxy, recordings).RunAsync([recording], CancellationToken.None);

            Assert.That(report.Profile!.Capabilities.StoreRejectedContent, Is.False);
            Assert.That(report.Recordings[0].Outcome, Is.EqualTo(RecordingOffloadOutcome.NotTransferred));
            Assert.That(report.Recordings[0].RejectedContainer, Is.Null);
            Assert.That(report.Recordings[0].Notes, Is.Empty.Or.All.Not.Contains("GNSS"));
        }
        finally
        {
            await Store.Admin.PutAsync("System", "Capabilities.json", capabilities!);
        }
    }

    private static string BwiContainerTime(OffloadRecording recording) => recording.TriggerOn.Utc.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'");

    private OffloadSession Session(StoreProxy proxy, TestRecordings recordings, IOffloadObserver? observer = null, Firmware.Configuration.OffloadSettings? settings = null) =>
        new(Connections.Of(Store, proxy.AuthUri), Connections.Options(recordings, settings), TimeProvider.System, observer);
}

internal sealed class RecordingObserver : IOffloadObserver
{
    public List<(string Failure, TimeSpan Delay, int Attempt)> Retries { get; } = [];

    public List<string> Resends { get; } = [];

    public void Retrying(string failure, TimeSpan delay, int attempt)
    {
        lock (Retries)
        {
            Retries.Add((failure, delay, attempt));
        }
    }

    public void Resending(string recordingId, string objectName, int resend, string reason)
    {
        lock (Resends)
        {
            Resends.Add(objectName);
        }
    }
}
