// The evidence a device writes its clips with, for the recording bench: a device key in a
// temporary state directory, the manifest chain and the open clip's journal there, and (when
// encrypting) an evidence store's RSA-2048 key pair made for the run. Disposing deletes it all.
using System.Security.Cryptography;
using BodyCamDevice.Firmware.Evidence;
using BodyCamDevice.Firmware.Evidence.Encryption;
using BodyCamDevice.Firmware.Evidence.Identity;
using BodyCamDevice.Firmware.Evidence.Manifests;
using BodyCamDevice.Firmware.Evidence.Recovery;

namespace BodyCamDevice.Benchmarks.Recording;

internal sealed class BenchEvidence : IDisposable
{
    private readonly string _state;
    private readonly FileDeviceSigningKey _key;
    private readonly DestinationKey? _destination;

    public BenchEvidence(bool encrypt)
    {
        _state = Directory.CreateTempSubdirectory("bodycam-bench-state-").FullName;
        _key = FileDeviceSigningKey.Create(FileDeviceSigningKey.PathIn(_state));
        if (encrypt)
        {
            using var store = RSA.Create(2048);
            _destination = DestinationKey.Parse(store.ExportSubjectPublicKeyInfoPem(), "bench-store");
        }
    }

    // For clips written into `recordings`.
    public ClipEvidence For(string recordings) => new()
    {
        Sealer = new ManifestSealer(_key, ManifestChain.Open(ManifestChain.PathIn(_state), recordings)),
        Encryption = _destination,
        Journal = new OpenClipJournal(OpenClipJournal.PathIn(_state)),
    };

    public void Dispose()
    {
        _key.Dispose();
        _destination?.Dispose();
        Directory.Delete(_state, recursive: true);
    }
}
