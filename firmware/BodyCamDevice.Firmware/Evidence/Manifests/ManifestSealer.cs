// Seals a clip's manifest as evidence: gives it the next number of the device's chain and the
// SHA-256 of the manifest before it, signs it with the device key as a flattened JWS (ES256),
// and puts it on storage: chain state first, then the manifest (see ManifestChain for why).
// ClipWriter calls it once per clip; TornClipRecovery for clips sealed after a power cut.
//
// Threads: Seal may be called from any thread; seals are serialised (one chain). Sealed is raised
// on the sealing thread after the manifest is on storage.
using System.Security.Cryptography;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Evidence.Identity;
using BodyCamDevice.Firmware.Evidence.Jws;

namespace BodyCamDevice.Firmware.Evidence.Manifests;

public sealed class ManifestSealer
{
    // The JWS "typ" of a manifest.
    public const string JwsType = "bodycam-manifest+json";

    private readonly IDeviceSigningKey _key;
    private readonly ManifestChain _chain;
    private readonly Lock _gate = new();

    public ManifestSealer(IDeviceSigningKey key, ManifestChain chain)
    {
        _key = key;
        _chain = chain;
    }

    public IDeviceSigningKey Key => _key;

    public ManifestChain Chain => _chain;

    // After each manifest reaches storage (the audit log's checkpoint follows it).
    public event Action<SealedManifest>? Sealed;

    // Writes `manifest`, numbered, chained and signed, to `manifestPath` (which must not exist).
    public SealedManifest Seal(string manifestPath, ClipManifest manifest)
    {
        SealedManifest result;
        lock (_gate)
        {
            long sequence = _chain.LastSequence + 1;
            ClipManifest chained = manifest with
            {
                FormatVersion = ClipManifest.CurrentFormatVersion,
                Sequence = sequence,
                PreviousManifestSha256 = _chain.LastManifestSha256,
                Device = manifest.Device with { KeyFingerprint = _key.Fingerprint },
            };
            byte[] signed = Es256Jws.SignFlattened(_key, ManifestJson.Serialize(chained), JwsType);
            string digest = Convert.ToHexStringLower(SHA256.HashData(signed));
            _chain.Advance(sequence, digest, Path.GetFileName(manifestPath), chained.File.Name);
            try
            {
                ManifestJson.WriteAtomically(manifestPath, signed);
            }
            catch
            {
                _chain.StepBack();
                throw;
            }

            result = new SealedManifest(chained, Path.GetFullPath(manifestPath), digest);
        }

        Sealed?.Invoke(result);
        return result;
    }
}

// Sha256: lower-case hex of the manifest file as stored (what the next manifest chains to).
public sealed record SealedManifest(ClipManifest Manifest, string Path, string Sha256);
