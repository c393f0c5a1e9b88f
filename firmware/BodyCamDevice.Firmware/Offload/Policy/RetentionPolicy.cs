// When the store deletes a recording's objects (X-Delete-At): its trigger-on time plus the
// retention period, never sooner than MinimumTimeInStore after the upload, and never for a
// recording that carries an evidence category. Computed from the recording's own time, so two
// docks of the same recording give the same answer unless the floor applies.
using BodyCamDevice.Firmware.Offload.Recordings;

namespace BodyCamDevice.Firmware.Offload.Policy;

public static class RetentionPolicy
{
    /// <returns>The expiry, whole seconds (rounded up), or null: evidence, kept until the back office decides.</returns>
    public static DateTimeOffset? DeleteAt(OffloadRecording recording, TimeSpan retention, TimeSpan minimumTimeInStore, DateTimeOffset now)
    {
        if (recording.IsEvidence)
        {
            return null;
        }

        var expiry = recording.TriggerOn.Utc + retention;
        var floor = now + minimumTimeInStore;
        var chosen = expiry < floor ? floor : expiry;
        var seconds = (long)Math.Ceiling(chosen.ToUnixTimeMilliseconds() / 1000.0);
        return DateTimeOffset.FromUnixTimeSeconds(seconds);
    }
}
