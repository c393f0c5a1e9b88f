// The EMULATOR-ONLY playback endpoint beside the control API, for the page's player:
//   GET /api/recordings/{name}/playback  the clip as it plays: a clip stored in clear as it is; an
//        encrypted one (its key object beside it) decrypted with the emulator's development store
//        key into the camera's state folder (playback/, made once per clip version), then served.
//        409 when the clip is encrypted to another key or the emulator holds none (no --encrypt).
// A device in rig mode has no such endpoint: it never holds a key that decrypts its footage.
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.Emulator.Rig;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Evidence.Encryption;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BodyCamDevice.Emulator.Web;

internal static class PlaybackEndpoints
{
    public static void Map(WebApplication app, EmulatedDevice device)
    {
        app.MapGet("/api/recordings/{name}/playback", (string name) =>
        {
            if (device.Recordings.ClipPath(name) is not { } clip)
            {
                return Results.NotFound(new ErrorView($"No recording '{name}'."));
            }

            string keyObject = Path.ChangeExtension(clip, KeyObject.Extension);
            if (!File.Exists(keyObject))
            {
                return Results.File(clip, "video/mp4", fileDownloadName: null, enableRangeProcessing: true);
            }

            if (device.Destination is not { } destination)
            {
                return Results.Json(new ErrorView($"'{name}' is encrypted and this emulator holds no key for it (start it with --encrypt)."), statusCode: StatusCodes.Status409Conflict);
            }

            try
            {
                return Results.File(Decrypted(device, destination, clip, keyObject), "video/mp4", fileDownloadName: null, enableRangeProcessing: true);
            }
            catch (InvalidDataException exception)
            {
                return Results.Json(new ErrorView(exception.Message), statusCode: StatusCodes.Status409Conflict);
            }
        });
    }

    // The plaintext in the state folder, made again when the clip changed since (still being
    // written, or sealed since). Written to a temporary name and renamed, so two requests at once
    // each serve a whole file.
    private static string Decrypted(EmulatedDevice device, Evidence.DevelopmentDestination destination, string clip, string keyObject)
    {
        string folder = Directory.CreateDirectory(Path.Combine(device.StateDirectory, "playback")).FullName;
        string plain = Path.Combine(folder, Path.GetFileName(clip));
        var source = new FileInfo(clip);
        if (File.Exists(plain) && File.GetLastWriteTimeUtc(plain) > source.LastWriteTimeUtc)
        {
            return plain;
        }

        string manifestPath = Path.ChangeExtension(clip, ".json");
        bool sealedWithPadding = false;
        if (File.Exists(manifestPath))
        {
            try
            {
                sealedWithPadding = ManifestJson.Parse(File.ReadAllBytes(manifestPath)).Interrupted is null;
            }
            catch (Exception exception) when (exception is System.Text.Json.JsonException or IOException or NotSupportedException)
            {
                // An unreadable manifest: decrypt as a clip cut off, block by block.
            }
        }

        string temporary = plain + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            using (var output = File.Create(temporary))
            {
                destination.Decrypt(clip, keyObject, sealedWithPadding, output);
            }

            File.Move(temporary, plain, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return plain;
    }
}
