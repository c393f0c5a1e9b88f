// Asks the audit trail for a signed checkpoint line (AuditLineChain) at the moments that matter
// for evidence: every manifest sealed (naming it, with its number and hash, so the log and the
// manifest chain vouch for each other), every dock, and the shutdown line. Posts to the device
// loop, which numbers the entry as any other.
//
// Threads: Sealed comes from the writer task (or the start-up recovery); Appended from the loop.
using System.Globalization;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Audit;
using BodyCamDevice.Firmware.Evidence.Manifests;

namespace BodyCamDevice.Firmware.Evidence.Audit;

public sealed class AuditCheckpoints : IDisposable
{
    private readonly DeviceEventLoop _loop;
    private readonly AuditTrail _trail;
    private readonly ManifestSealer _sealer;

    public AuditCheckpoints(DeviceEventLoop loop, AuditTrail trail, ManifestSealer sealer)
    {
        _loop = loop;
        _trail = trail;
        _sealer = sealer;
        sealer.Sealed += OnSealed;
        trail.Appended += OnAppended;
    }

    public void Dispose()
    {
        _sealer.Sealed -= OnSealed;
        _trail.Appended -= OnAppended;
    }

    private void OnSealed(SealedManifest sealedManifest)
    {
        var manifest = sealedManifest.Manifest;
        _loop.Post(() => _trail.Record(
            AuditLineChain.CheckpointKind,
            ("reason", "seal"),
            ("recording", manifest.RecordingId),
            ("clip", manifest.ClipIndex.ToString(CultureInfo.InvariantCulture)),
            ("endReason", manifest.EndReason),
            ("manifest", Path.GetFileName(sealedManifest.Path)),
            ("manifestSequence", (manifest.Sequence ?? 0).ToString(CultureInfo.InvariantCulture)),
            ("manifestSha256", sealedManifest.Sha256)));
    }

    private void OnAppended(AuditEntry entry)
    {
        string? reason = entry.Kind switch
        {
            "input" when entry.Details.GetValueOrDefault("input") == "dock" && entry.Details.GetValueOrDefault("level") == "docked" => "dock",
            "shutdown" => "shutdown",
            _ => null,
        };
        if (reason is not null)
        {
            _loop.Post(() => _trail.Record(AuditLineChain.CheckpointKind, ("reason", reason)));
        }
    }
}
