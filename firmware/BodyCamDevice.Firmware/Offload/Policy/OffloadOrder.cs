// The order recordings leave the camera in: those with an evidence category first, then the
// oldest first (by trigger time), so a short dock moves what matters most and what has waited
// longest. Ties (same second) go by recording ID, which counts up.
using BodyCamDevice.Firmware.Offload.Recordings;

namespace BodyCamDevice.Firmware.Offload.Policy;

public static class OffloadOrder
{
    public static IReadOnlyList<OffloadRecording> Of(IEnumerable<OffloadRecording> recordings) =>
        recordings
            .OrderByDescending(recording => recording.IsEvidence)
            .ThenBy(recording => recording.TriggerOn.Utc)
            .ThenBy(recording => recording.RecordingId, StringComparer.Ordinal)
            .ToList();
}
