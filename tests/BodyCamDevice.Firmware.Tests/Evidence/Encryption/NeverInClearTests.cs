// A device configured to encrypt never records in clear: a capture pipeline built without the
// evidence store's key refuses to exist.
using System.Security.Cryptography;
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Camera.Virtual;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Configuration;

namespace BodyCamDevice.Firmware.Tests.Evidence.Encryption;

public class NeverInClearTests
{
    [Test]
    public void A_pipeline_without_the_store_key_is_refused_when_encryption_is_configured()
    {
        using var rsa = RSA.Create(2048);
        var options = new DeviceOptions();
        options.Encryption.Enabled = true;
        options.Encryption.PublicKey = rsa.ExportSubjectPublicKeyInfoPem();
        options.Encryption.PublicKeyId = "store-1";

        var error = Assert.Throws<InvalidOperationException>(() => _ = new CapturePipeline(ValidatedDeviceOptions.From(options), TimeProvider.System, "test", VirtualCameraSource.Factory(), new DriveInfoStorageSpace()))!;

        Assert.That(error.Message, Does.Contain("will not record in clear"));
    }
}
