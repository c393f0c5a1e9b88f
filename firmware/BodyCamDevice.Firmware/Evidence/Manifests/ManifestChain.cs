// The head of the device's manifest chain: the sequence number and SHA-256 of the last manifest
// signed. Kept in the state directory (evidence/manifest-chain.json), not derived from the
// recordings, because clips leave the device once the evidence store has them and a number must
// never be given out twice.
//
// Crash safety: ManifestSealer writes this state (atomically) before the manifest it describes,
// keeping the head before it as Previous. A power cut between the two leaves a state naming a
// manifest that is not on storage while its clip is: Open then steps back to Previous, and the
// clip, torn as any clip without a manifest, is sealed by TornClipRecovery with that very number.
// So a number is never skipped, and never reused once a manifest carrying it exists.
//
// Threads: used under ManifestSealer's lock.
using System.Text.Json;
using System.Text.Json.Serialization;
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.Firmware.Evidence.Manifests;

public sealed class ManifestChain
{
    public const string FileName = "manifest-chain.json";

    private readonly string _path;
    private ChainState _state;

    private ManifestChain(string path, ChainState state)
    {
        _path = path;
        _state = state;
    }

    public long LastSequence => _state.Sequence;

    public string? LastManifestSha256 => _state.ManifestSha256;

    // What Open found and did, for the log; null when the state was simply read.
    public string? Reconciliation { get; private set; }

    public static string PathIn(string stateDirectory) => Path.Combine(stateDirectory, "evidence", FileName);

    // Reads the state and reconciles it with the recordings directory (see the top of the file).
    // Without a state (a new device, or one whose state directory was lost) the head is the
    // highest-numbered signed manifest in the recordings directory, if any.
    public static ManifestChain Open(string statePath, string recordingsDirectory)
    {
        if (!File.Exists(statePath))
        {
            ChainState found = HighestOnStorage(recordingsDirectory);
            return new ManifestChain(statePath, found)
            {
                Reconciliation = found.Sequence == 0 ? null : $"no chain state; continuing after manifest {found.Sequence} ({found.Manifest}) found in {recordingsDirectory}",
            };
        }

        ChainState state;
        try
        {
            state = JsonSerializer.Deserialize(File.ReadAllBytes(statePath), ChainStateJsonContext.Default.ChainState)
                ?? throw new JsonException("null");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"the manifest chain state {statePath} is unreadable ({exception.Message}); it is never guessed: restore it, or move it away to continue from the manifests on storage", exception);
        }

        var chain = new ManifestChain(statePath, state);
        if (state.Manifest is { } manifest && state.Clip is { } clip
            && !File.Exists(Path.Combine(recordingsDirectory, manifest)) && File.Exists(Path.Combine(recordingsDirectory, clip)))
        {
            // The state was written, the manifest never was: that number goes to the clip again.
            ChainState previous = state.Previous ?? new ChainState(0, null, null, null, null);
            chain._state = previous with { Previous = null };
            chain.Write();
            chain.Reconciliation = $"manifest {state.Sequence} ({manifest}) was never written; its clip will be sealed as interrupted with that number";
        }

        return chain;
    }

    // The head's number as the state file says, without reconciling or writing anything (for
    // verification); null when there is no readable state.
    public static long? ReadLastSequence(string statePath)
    {
        try
        {
            return File.Exists(statePath) ? JsonSerializer.Deserialize(File.ReadAllBytes(statePath), ChainStateJsonContext.Default.ChainState)?.Sequence : null;
        }
        catch (Exception exception) when (exception is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // The state for manifest `sequence` (the next one), written before the manifest itself.
    internal void Advance(long sequence, string manifestSha256, string manifestName, string clipName)
    {
        if (sequence != _state.Sequence + 1)
        {
            throw new InvalidOperationException($"manifest {sequence} does not follow {_state.Sequence}");
        }

        _state = new ChainState(sequence, manifestSha256, manifestName, clipName, _state with { Previous = null });
        Write();
    }

    // The manifest announced by the last Advance could not be written: back to the head before it.
    internal void StepBack()
    {
        _state = (_state.Previous ?? new ChainState(0, null, null, null, null)) with { Previous = null };
        Write();
    }

    private void Write() => AtomicFile.Replace(_path, JsonSerializer.SerializeToUtf8Bytes(_state, ChainStateJsonContext.Default.ChainState));

    private static ChainState HighestOnStorage(string directory)
    {
        ChainState best = new(0, null, null, null, null);
        if (!Directory.Exists(directory))
        {
            return best;
        }

        foreach (string path in Directory.EnumerateFiles(directory, "*.json"))
        {
            try
            {
                byte[] file = File.ReadAllBytes(path);
                if (ManifestJson.Parse(file) is { Sequence: { } sequence } manifest && sequence > best.Sequence)
                {
                    best = new ChainState(sequence, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file)), Path.GetFileName(path), manifest.File.Name, null);
                }
            }
            catch (Exception exception) when (exception is JsonException or IOException or FormatException)
            {
                // Not a manifest, or a torn one: verify reports it.
            }
        }

        return best;
    }
}

// Sequence and ManifestSha256: the head. Manifest and Clip: the files of the head's manifest (to
// tell, after a power cut, whether it reached storage). Previous: the head before it.
internal sealed record ChainState(long Sequence, string? ManifestSha256, string? Manifest, string? Clip, ChainState? Previous);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChainState))]
internal sealed partial class ChainStateJsonContext : JsonSerializerContext;
