// MD5 of a small file the firmware wrote and reads back only to send it (a manifest, a key
// object). Clips never come here: their MD5 is computed while they are written (Md5Stage).
using System.Security.Cryptography;

namespace BodyCamDevice.Firmware.Offload.Recordings;

public static class OffloadFiles
{
    public static OffloadFile Describe(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        var md5 = MD5.HashData(stream);
        return new OffloadFile(path, stream.Length, Convert.ToHexStringLower(md5));
    }

    /// <summary>MD5 of a whole file, lower-case hex: to tell whether a clip changed on storage since it was written.</summary>
    public static async Task<string> Md5Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await MD5.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
    }
}
