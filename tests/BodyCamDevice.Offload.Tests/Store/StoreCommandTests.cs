// The back office's commands against a real Swift, run in process: `bodycam store list` shows an
// uploaded recording with its expiry, `bodycam store flag-evidence` removes it, and the list then
// shows the recording as evidence; an unknown recording is a clear error with exit 9.
using BodyCamDevice.Firmware.Offload;

namespace BodyCamDevice.Offload.Tests.Store;

public class StoreCommandTests
{
    [Test]
    public async Task ARecordingIsListedWithItsExpiryAndFlaggedAsEvidence()
    {
        var store = DevelopmentStore.Store;
        using var recordings = new TestRecordings();
        var trigger = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3600);
        var report = await new OffloadSession(Connections.Of(store), Connections.Options(recordings), TimeProvider.System)
            .RunAsync([recordings.Make(trigger)], CancellationToken.None);
        var container = report.Recordings[0].Container!;

        var (listed, listOutput, _) = await Bodycam("store", "list", "--connection", store.ConnectionFile);
        Assert.That(listed, Is.Zero);
        Assert.That(Line(listOutput, container), Does.Contain("Complete").And.Contain($"expires {trigger.AddDays(31).UtcDateTime:yyyy-MM-dd HH:mm:ss}Z"));

        var (flagged, flagOutput, flagError) = await Bodycam("store", "flag-evidence", container, "--connection", store.ConnectionFile);
        Assert.That(flagged, Is.Zero, flagError);
        Assert.That(flagOutput, Does.Contain($"flagged as evidence: {container} (3 object(s) no longer expire)"));

        var (_, afterOutput, _) = await Bodycam("store", "list", "--connection", store.ConnectionFile);
        Assert.That(Line(afterOutput, container), Does.Contain("evidence (flagged 20"));
    }

    [Test]
    public async Task AnUnknownRecordingIsAClearError()
    {
        var (exitCode, _, error) = await Bodycam("store", "flag-evidence", "nobody_BC-000000_20200101T000000Z", "--connection", DevelopmentStore.Store.ConnectionFile);

        Assert.That(exitCode, Is.EqualTo(9));
        Assert.That(error, Does.Contain("the store has no recording nobody_BC-000000_20200101T000000Z"));
    }

    private static string Line(string output, string container) =>
        output.Split('\n').FirstOrDefault(line => line.Contains(container, StringComparison.Ordinal)) ?? $"(no line for {container} in:\n{output})";

    private static async Task<(int ExitCode, string Output, string Error)> Bodycam(params string[] arguments)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await Device.Program.BuildCommandLine(output, error).Parse(arguments).InvokeAsync();
        return (exitCode, output.ToString(), error.ToString());
    }
}
