// What the recording writer needs to write clips as evidence: the sealer that numbers, chains and
// signs each manifest, the evidence store's key when clips are to be encrypted, and the journal
// from which a clip cut off by a power cut is sealed at the next start. Each may be null: tests
// and benches choose what they measure; the device sets all three (DeviceEvidence).
using BodyCamDevice.Firmware.Evidence.Encryption;
using BodyCamDevice.Firmware.Evidence.Manifests;
using BodyCamDevice.Firmware.Evidence.Recovery;

namespace BodyCamDevice.Firmware.Evidence;

public sealed record ClipEvidence
{
    public ManifestSealer? Sealer { get; init; }

    // Set: every clip is written encrypted to this key (never in clear).
    public DestinationKey? Encryption { get; init; }

    public OpenClipJournal? Journal { get; init; }
}
