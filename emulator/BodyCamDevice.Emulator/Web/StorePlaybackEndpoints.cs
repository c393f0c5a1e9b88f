// The EMULATOR-ONLY playback of what was uploaded, for the page's store panel:
//   GET /api/store/recordings/{container}/clips/{object}/playback
// The clip object and its key object are read back from the evidence store (the firmware's
// SwiftStoreClient, each body's MD5 checked against the store's ETag); a clip stored in clear is
// served as it is, an encrypted one decrypted with the emulator's development store key exactly
// as the page's local playback does (PlaybackEndpoints), using the manifest object beside it to
// tell a sealed clip (padded) from one cut off. The result is kept in the camera's state folder
// (store-playback/, named by the object's ETag, the newest few only) so the player's range
// requests are served from a file. 409 when the clip is encrypted to a key this emulator does not
// hold; 404 when the store has no such clip; 503 when the store cannot be reached.
using System.Security.Cryptography;
using System.Text;
using BodyCamDevice.Emulator.Evidence;
using BodyCamDevice.Emulator.Rig;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Offload.Bwi;
using BodyCamDevice.Firmware.Offload.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BodyCamDevice.Emulator.Web;

internal static class StorePlaybackEndpoints
{
    /// <summary>How many played clips the state folder keeps (each a whole clip in clear).</summary>
    private const int KeptClips = 8;

    public static void Map(WebApplication app, EmulatedDevice device)
    {
        app.MapGet("/api/store/recordings/{container}/clips/{clip}/playback", (string container, string clip, CancellationToken cancellationToken) =>
            StoreEndpoints.WithStore(device, async (store, connection) =>
            {
                string suffix = "." + connection.ContainerType;
                if (!clip.EndsWith(suffix, StringComparison.Ordinal) || Path.GetFileName(clip) != clip || clip.Contains("..", StringComparison.Ordinal))
                {
                    return StoreEndpoints.Error(StatusCodes.Status404NotFound, $"'{clip}' is not a clip: clips in this store are {connection.ContainerType} objects.");
                }

                if (await store.HeadObjectAsync(container, clip, cancellationToken) is not { } head)
                {
                    return StoreEndpoints.Error(StatusCodes.Status404NotFound, $"The store has no clip {container}/{clip}.");
                }

                string folder = Directory.CreateDirectory(Path.Combine(device.StateDirectory, "store-playback")).FullName;
                string played = Path.Combine(folder, CacheName(container, clip, head.Etag));
                if (!File.Exists(played))
                {
                    string clipBase = clip[..^suffix.Length];
                    if (await FetchAsync(device.Destination, store, container, clip, clipBase, folder, played, cancellationToken) is { } refusal)
                    {
                        return StoreEndpoints.Error(StatusCodes.Status409Conflict, refusal);
                    }

                    Prune(folder, played);
                }

                File.SetLastWriteTimeUtc(played, DateTime.UtcNow);
                return Results.File(played, "video/" + connection.ContainerType, fileDownloadName: null, enableRangeProcessing: true);
            }));
    }

    /// <returns>Null once <paramref name="played"/> holds the clip in clear; else why it cannot be played.</returns>
    private static async Task<string?> FetchAsync(DevelopmentDestination? destination, SwiftStoreClient store, string container, string clip, string clipBase, string folder, string played, CancellationToken cancellationToken)
    {
        // The objects under their own names (which the refusals quote), in a folder of this request's own.
        string work = Directory.CreateDirectory(Path.Combine(folder, Guid.NewGuid().ToString("N") + ".tmp")).FullName;
        string keyFile = Path.Combine(work, BwiNames.Key(clipBase));
        string cipherFile = Path.Combine(work, clip);
        string plainFile = Path.Combine(work, "plain" + Path.GetExtension(played));
        try
        {
            bool encrypted;
            await using (var key = File.Create(keyFile))
            {
                encrypted = await store.GetObjectAsync(container, BwiNames.Key(clipBase), key, cancellationToken) is not null;
            }

            if (!encrypted)
            {
                await using (var plain = File.Create(plainFile))
                {
                    await GetRequiredAsync(store, container, clip, plain, cancellationToken);
                }

                File.Move(plainFile, played, overwrite: true);
                return null;
            }

            if (destination is null)
            {
                return $"{container}/{clip} is encrypted and this emulator holds no key for it (start it with --encrypt to have clips encrypted to, and played with, its development key).";
            }

            try
            {
                destination.CheckKeyObject(keyFile);
            }
            catch (InvalidDataException exception)
            {
                return $"{container}/{clip} cannot be decrypted here: {exception.Message}";
            }

            await using (var cipher = File.Create(cipherFile))
            {
                await GetRequiredAsync(store, container, clip, cipher, cancellationToken);
            }

            bool sealedWithPadding = await SealedAsync(store, container, clipBase, cancellationToken);
            try
            {
                await using (var plain = File.Create(plainFile))
                {
                    destination.Decrypt(cipherFile, keyFile, sealedWithPadding, plain);
                }
            }
            catch (InvalidDataException exception)
            {
                return $"{container}/{clip} cannot be decrypted here: {exception.Message}";
            }

            File.Move(plainFile, played, overwrite: true);
            return null;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task GetRequiredAsync(SwiftStoreClient store, string container, string name, Stream destination, CancellationToken cancellationToken)
    {
        if (await store.GetObjectAsync(container, name, destination, cancellationToken) is null)
        {
            throw new StoreException(StoreFailureKind.NotFound, $"the store no longer has {container}/{name}");
        }
    }

    // A sealed clip ends in PKCS#7 padding; one cut off (its manifest says interrupted) has none.
    // Without a readable manifest object it is decrypted block by block, as a clip cut off.
    private static async Task<bool> SealedAsync(SwiftStoreClient store, string container, string clipBase, CancellationToken cancellationToken)
    {
        using var manifest = new MemoryStream();
        if (await store.GetObjectAsync(container, BwiNames.Manifest(clipBase, "manifest.json"), manifest, cancellationToken) is null)
        {
            return false;
        }

        try
        {
            return ManifestJson.Parse(manifest.ToArray()).Interrupted is null;
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or NotSupportedException)
        {
            return false;
        }
    }

    // Named by a hash of where it came from and the version the store holds: no name the URL
    // gives ever becomes a path, and a replaced object is fetched again.
    private static string CacheName(string container, string clip, string etag) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{container}\n{clip}\n{etag}")))[..32] + ".mp4";

    private static void Prune(string folder, string keep)
    {
        var old = new DirectoryInfo(folder).EnumerateFiles("*.mp4")
            .Where(file => file.FullName != keep)
            .OrderByDescending(file => file.LastWriteTimeUtc)
            .Skip(KeptClips - 1);
        foreach (var file in old)
        {
            file.Delete();
        }
    }
}
