// The store killed in the middle of a PUT, then started again: the dock stops with the store
// unreachable, and the next dock resumes. Nothing confirmed is sent twice, a clip the store had
// already answered for is not sent again, and the one cut short is sent whole. This fixture kills
// its own store, so it starts one of its own.
using BodyCamDevice.DevServices;
using BodyCamDevice.Firmware.Offload;

namespace BodyCamDevice.Offload.Tests.Store;

public class StoreKilledTests
{
    private SwiftDevStore _store = null!;

    [OneTimeSetUp]
    public async Task StartStoreAsync() => _store = await SwiftDevStore.StartAsync();

    [OneTimeTearDown]
    public async Task StopStoreAsync() => await _store.DisposeAsync();

    [Test]
    public async Task TheNextDockResumesAndNoConfirmedClipIsSentTwice()
    {
        await using var proxy = await StoreProxy.StartAsync(_store.AuthUri);
        using var recordings = new TestRecordings();
        var done = recordings.Make(DateTimeOffset.UtcNow.AddMinutes(-9), large: true);
        var cut = recordings.Make(DateTimeOffset.UtcNow.AddMinutes(-5), clips: 2, large: true, counter: 2);
        var pause = proxy.PauseBody("PUT", path => path.EndsWith("0002-02.mp4"), afterBytes: 1 << 20);
        var session = new OffloadSession(Connections.Of(_store, proxy.AuthUri), Connections.Options(recordings, Connections.QuickRetries(attempts: 2)), TimeProvider.System);

        var running = session.RunAsync([done, cut], CancellationToken.None);
        await pause.Reached.WaitAsync(TimeSpan.FromSeconds(60));
        await _store.StopAsync();
        pause.Release();
        var first = await running.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.That(first.Outcome, Is.EqualTo(OffloadOutcome.Unreachable), first.Reason);
        Assert.That(first.Recordings.Select(result => result.Outcome), Is.EqualTo(new[] { RecordingOffloadOutcome.Confirmed, RecordingOffloadOutcome.Interrupted }));
        Assert.That(first.Recordings[1].ConfirmedLocalFiles, Is.Empty, "nothing of the cut recording may be deleted");
        var before = proxy.Requests.Count;

        await _store.StartAgainAsync();
        var second = await session.RunAsync([done, cut], CancellationToken.None);

        Assert.That(second.Outcome, Is.EqualTo(OffloadOutcome.Completed), second.Reason);
        Assert.That(second.Recordings.Select(result => result.Outcome), Is.All.EqualTo(RecordingOffloadOutcome.Confirmed));
        var resent = proxy.Requests.Skip(before).Where(request => request.Method == "PUT" && request.Path.Contains(recordings.Officer)).Select(request => request.Path).ToList();
        Assert.That(resent, Has.None.Contains("0001-01"), "the confirmed recording is not sent again");
        Assert.That(resent, Has.None.EndsWith("0002-01.mp4"), "the clip the store had answered for is not sent again");
        Assert.That(resent, Has.Some.EndsWith("0002-02.mp4"), "the clip cut short is sent again");
        foreach (var clip in cut.Clips)
        {
            var name = second.Recordings[1].Confirmation!.Objects.Single(item => item.LocalPath == clip.Media.Path).Name;
            Assert.That(await _store.Admin.GetAsync(second.Recordings[1].Container!, name), Is.EqualTo(await File.ReadAllBytesAsync(clip.Media.Path)), name);
        }
    }
}
