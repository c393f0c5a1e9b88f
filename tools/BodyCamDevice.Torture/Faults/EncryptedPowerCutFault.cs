// Power cuts on a device that encrypts: the power-cut trials (every phase, a third losing every
// unsynced byte, series of cuts on one device), on a device whose installed connection file
// (`bodycam connection set`) asks for encryption to a store key whose private half only the
// torture holds. Every clip is judged on its plaintext, decrypted with the openssl command line
// as the store would (Checks/EncryptedClips): a sealed clip must decrypt to its manifest's
// plaintextHash, a clip cut off by the power must decrypt whole up to its last synced fragment
// and be sealed as interrupted at the next start, and the footage must reach the cut within the
// power cut's bound, as in clear.
using BodyCamDevice.Torture.Checks;
using BodyCamDevice.Torture.Device;

namespace BodyCamDevice.Torture.Faults;

internal sealed class EncryptedPowerCutFault : PowerCutFault
{
    private readonly Dictionary<string, (long Length, DateTime Written, string? Plain)> _decrypted = new(StringComparer.Ordinal);
    private EncryptedClips? _store;

    public override string Name => "encrypted-power-cut";

    public override string Description => "the power cuts of power-cut on a device that encrypts every clip (AES-256-CBC, key wrapped to the store's RSA key); clips judged on their plaintext, decrypted with openssl";

    public override int FullTrials => 10;

    protected override async Task<bool> PrepareAsync(Trial trial, DeviceSession session)
    {
        _store = new EncryptedClips(Path.Combine(session.Workspace.Root, "store"));
        _decrypted.Clear();
        string connection = Path.Combine(session.Workspace.Root, "store", "connection.json");
        await File.WriteAllTextAsync(connection, _store.ConnectionFile());
        var (exit, output) = await Bodycam.RunAsync(trial.Environment, "connection", "set", connection, "--state-dir", session.Workspace.StateDirectory);
        if (exit != 0)
        {
            trial.Break("trial", $"bodycam connection set exit {exit}: {output}");
            return false;
        }

        trial.Log($"connection installed: encryption to {EncryptedClips.PublicKeyId}");
        session.Invariants.Plaintext = Probed;
        return true;
    }

    protected override string? Probed(Trial trial, string clip, Manifest manifest)
    {
        var info = new FileInfo(clip);
        if (_decrypted.TryGetValue(clip, out var seen) && seen.Length == info.Length && seen.Written == info.LastWriteTimeUtc)
        {
            return seen.Plain;
        }

        string? plain = _store!.Decrypt(trial, clip, manifest);
        _decrypted[clip] = (info.Length, info.LastWriteTimeUtc, plain);
        return plain;
    }
}
