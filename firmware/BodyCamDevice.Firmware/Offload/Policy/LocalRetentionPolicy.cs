// What the camera may do with its own copies once the store has spoken. Pure. A local file goes
// only when its recording is confirmed and the file is still exactly what the store holds (same
// size, same MD5); nothing unconfirmed is ever deleted, however full the card or old the footage.
// A journal goes once its recording is confirmed, no file of it is left on the camera, and
// Offload.Retention has passed since (the store has expired the footage by then unless it is
// evidence, and a journal of a recording no longer on the camera guards nothing).
namespace BodyCamDevice.Firmware.Offload.Policy;

public static class LocalRetentionPolicy
{
    public static bool MayDeleteLocal(bool confirmed, long localSize, string localMd5, long storedSize, string storedMd5) =>
        confirmed && localSize == storedSize && string.Equals(localMd5, storedMd5, StringComparison.OrdinalIgnoreCase);

    public static bool MayPruneJournal(DateTimeOffset? confirmedUtc, bool localFilesLeft, DateTimeOffset now, TimeSpan keep) =>
        confirmedUtc is { } confirmed && !localFilesLeft && now - confirmed >= keep;
}
