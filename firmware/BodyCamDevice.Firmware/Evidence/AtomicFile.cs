// Replaces a small state file so that a power cut leaves either the old contents or the new,
// never a mix: write a temporary file beside it, fsync, rename over, fsync the directory.
namespace BodyCamDevice.Firmware.Evidence;

internal static class AtomicFile
{
    public static void Replace(string path, ReadOnlySpan<byte> content)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        string temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            file.Write(content);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        Capture.Recording.DirectorySync.Sync(directory);
    }
}
