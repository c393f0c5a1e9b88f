// TLS in front of the store (a terminator on Kestrel): the certificate the connection file pins
// is accepted; any other is refused before a byte of footage or the credentials leave the camera,
// with an error that says which certificate was presented and why it was refused.
using System.Text.Json.Nodes;
using BodyCamDevice.DevServices;
using BodyCamDevice.Firmware.Offload;
using BodyCamDevice.Firmware.Offload.Connection;

namespace BodyCamDevice.Offload.Tests.Store;

public class PinnedCertificateTests
{
    [Test]
    public async Task ThePinnedCertificateIsAcceptedAndTheRecordingConfirmed()
    {
        using var certificate = DevCertificates.ForLoopback();
        await using var terminator = await StoreProxy.StartAsync(DevelopmentStore.Store.AuthUri, certificate);
        using var recordings = new TestRecordings();

        var report = await Session(terminator, DevCertificates.ForConnectionFile(certificate), recordings)
            .RunAsync([recordings.Make(DateTimeOffset.UtcNow.AddMinutes(-5))], CancellationToken.None);

        Assert.That(terminator.BaseUri.Scheme, Is.EqualTo("https"));
        Assert.That(report.Reason, Is.Null);
        Assert.That(report.Outcome, Is.EqualTo(OffloadOutcome.Completed), report.Reason);
        Assert.That(report.Recordings[0].Outcome, Is.EqualTo(RecordingOffloadOutcome.Confirmed));
        Assert.That(terminator.Requests.Where(request => request.Method == "PUT"), Is.Not.Empty, "through the terminator");
    }

    [Test]
    public async Task AnyOtherCertificateIsRefusedWithAClearError()
    {
        using var presented = DevCertificates.ForLoopback("an impostor");
        using var pinned = DevCertificates.ForLoopback();
        await using var terminator = await StoreProxy.StartAsync(DevelopmentStore.Store.AuthUri, presented);
        using var recordings = new TestRecordings();
        var recording = recordings.Make(DateTimeOffset.UtcNow.AddMinutes(-5));

        var report = await Session(terminator, DevCertificates.ForConnectionFile(pinned), recordings).RunAsync([recording], CancellationToken.None);

        Assert.That(report.Outcome, Is.EqualTo(OffloadOutcome.CertificateRefused));
        Assert.That(report.Reason, Does.Contain("TLS refused").And.Contain("CN=an impostor").And.Contain("neither one of the 1 certificate(s) the connection file pins"));
        Assert.That(report.Reason, Does.Contain(presented.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256)));
        Assert.That(report.Recordings[0].Outcome, Is.EqualTo(RecordingOffloadOutcome.NotAttempted));
        Assert.That(terminator.Requests, Is.Empty, "not even the credentials were sent");
    }

    // The connection file as a store would hand it out: its URI on the terminator, its certificate pinned.
    private static OffloadSession Session(StoreProxy terminator, string certificate, TestRecordings recordings)
    {
        var file = JsonNode.Parse(File.ReadAllText(DevelopmentStore.Store.ConnectionFile))!.AsObject();
        file["AuthenticationTokenURI"] = new JsonArray(terminator.AuthUri.ToString());
        file["HTTPSCertificate"] = new JsonArray(certificate);
        var loaded = ConnectionFileReader.Parse(System.Text.Encoding.UTF8.GetBytes(file.ToJsonString()));
        Assert.That(loaded.Errors, Is.Empty);
        Assert.That(loaded.Settings!.UsesTls, Is.True);
        return new OffloadSession(loaded.Settings, Connections.Options(recordings), TimeProvider.System);
    }
}
