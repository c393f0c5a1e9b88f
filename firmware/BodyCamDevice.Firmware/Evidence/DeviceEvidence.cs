// Everything a device needs to keep its recordings as evidence, opened from its state directory
// at start, before the camera records: its identity (made at the first start), the manifest
// chain (reconciled with the recordings on storage), the open clip's journal, the evidence
// store's key when the configuration encrypts (and the fact that it does, which is never undone).
// RecoverTornClips then seals what a power cut left behind. The device's assembly hands Clips to
// the recording writer, Key to the audit file and Sealer to the audit checkpoints.
//
// State directory layout: identity/device-key.pem (0600) and device-key.pub.pem;
// evidence/manifest-chain.json, evidence/open-clip.json, evidence/encryption-required.json,
// evidence/clock-sync.json.
//
// Ownership: owns the key objects. Throws DeviceIdentityException (identity unusable),
// InvalidDataException (chain state unreadable) or InvalidConfigurationException (encryption
// turned off on a device that encrypts); nothing is recorded then.
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Evidence.Encryption;
using BodyCamDevice.Firmware.Evidence.Identity;
using BodyCamDevice.Firmware.Evidence.Manifests;
using BodyCamDevice.Firmware.Evidence.Recovery;

namespace BodyCamDevice.Firmware.Evidence;

public sealed class DeviceEvidence : IDisposable
{
    private readonly FileDeviceSigningKey _key;
    private readonly DestinationKey? _destination;
    private readonly string _recordings;
    private readonly RecoveringDevice _device;
    private readonly TimeProvider _time;

    private DeviceEvidence(FileDeviceSigningKey key, ManifestChain chain, OpenClipJournal journal, DestinationKey? destination, string recordings, RecoveringDevice device, TimeProvider time, ClockSyncRecord clockSync)
    {
        _key = key;
        _destination = destination;
        _recordings = recordings;
        _device = device;
        _time = time;
        Sealer = new ManifestSealer(key, chain);
        Journal = journal;
        Clips = new ClipEvidence { Sealer = Sealer, Encryption = destination, Journal = journal };
        ClockSync = clockSync;
    }

    public IDeviceSigningKey Key => _key;

    public ManifestSealer Sealer { get; }

    public OpenClipJournal Journal { get; }

    public ClipEvidence Clips { get; }

    // The clock's last check against the evidence store (evidence/clock-sync.json), for the manifests.
    public ClockSyncRecord ClockSync { get; }

    // The identity was made now (the device's first start).
    public bool IdentityCreated { get; private init; }

    // `options` validated; its Recording.Directory absolute.
    public static DeviceEvidence Open(string stateDirectory, DeviceOptions options, string firmwareVersion, TimeProvider time)
    {
        if (EncryptionLock.Check(stateDirectory, options.Encryption) is { } refused)
        {
            throw new InvalidConfigurationException([refused]);
        }

        string keyPath = FileDeviceSigningKey.PathIn(stateDirectory);
        bool created = !File.Exists(keyPath) && !Directory.Exists(keyPath);
        FileDeviceSigningKey key = FileDeviceSigningKey.LoadOrCreate(keyPath);
        DestinationKey? destination = null;
        try
        {
            ManifestChain chain = ManifestChain.Open(ManifestChain.PathIn(stateDirectory), options.Recording.Directory);
            if (options.Encryption.Enabled)
            {
                destination = DestinationKey.Parse(options.Encryption.PublicKey, options.Encryption.PublicKeyId);
                EncryptionLock.Engage(stateDirectory, destination.KeyId, time.GetUtcNow());
            }

            var journal = new OpenClipJournal(OpenClipJournal.PathIn(stateDirectory));
            return new DeviceEvidence(key, chain, journal, destination, options.Recording.Directory, new RecoveringDevice(firmwareVersion, options.Identity.OfficerId, options.Identity.DeviceSerial), time,
                new ClockSyncRecord(ClockSyncRecord.PathIn(stateDirectory)))
            {
                IdentityCreated = created,
            };
        }
        catch (EncryptionKeyException exception)
        {
            key.Dispose();
            throw new InvalidConfigurationException([new("Encryption.PublicKey", "(set)", exception.Message)]);
        }
        catch
        {
            key.Dispose();
            destination?.Dispose();
            throw;
        }
    }

    // What ManifestChain.Open found and did, for the log; null when nothing was out of place.
    public string? ChainReconciliation => Sealer.Chain.Reconciliation;

    // Seals every clip a power cut or a kill left without a manifest, as interrupted. Call at
    // start, after the audit checkpoints are listening and before the camera records.
    public IReadOnlyList<SealedManifest> RecoverTornClips() =>
        new TornClipRecovery(_recordings, Sealer, Journal, _device, _time).Recover();

    public void Dispose()
    {
        _key.Dispose();
        _destination?.Dispose();
    }
}
