// A recordings folder with foreign and truncated files in it at boot: text, random bytes under a
// clip's name, an empty clip, a truncated real MP4 named as this device names its clips, a
// manifest of garbage with no clip, a directory named like a clip. The device must boot to
// Buffering, record beside them, and leave every one of them exactly as it was: it deletes or
// rewrites nothing it did not write. Its own clips keep every invariant.
using System.Diagnostics;
using System.Security.Cryptography;
using BodyCamDevice.Torture.Device;

namespace BodyCamDevice.Torture.Faults;

internal sealed class ForeignFilesFault : RecordingFault
{
    private readonly Dictionary<string, string> _hashes = new(StringComparer.Ordinal);

    public override string Name => "foreign-files";

    public override string Description => "boot with foreign, empty and truncated files (some named as clips) in the recordings folder";

    protected override IReadOnlyCollection<string> Foreign => _hashes.Keys;

    protected override Task PrepareAsync(Trial trial, DeviceSession session)
    {
        _hashes.Clear();
        var random = trial.Random;
        string recordings = Directory.CreateDirectory(session.Workspace.RecordingsDirectory).FullName;
        string old = $"BC-000777_2020{random.Next(1, 13):D2}01T000000Z_{random.Next(1, 9999):D4}";
        Write(recordings, "notes.txt", "not a clip\n"u8.ToArray());
        Write(recordings, $"{old}_clip01.mp4", RandomBytes(random, random.Next(1, 200_000)));
        Write(recordings, $"{old}_clip02.mp4", []);
        Write(recordings, $"{old}_clip03.json", RandomBytes(random, random.Next(1, 5000)));
        Write(recordings, "BC-000001_20200101T000000Z_0001_clip01.mp4", RandomBytes(random, 4096));
        Directory.CreateDirectory(Path.Combine(recordings, $"{old}_clip04.mp4"));

        // A real MP4 (fragmented, as the device writes them) cut at a random length: another
        // camera's torn clip copied in. (Under this device's own name, a file that begins with a
        // whole init segment cannot be told from its own torn clip, and is sealed as one.)
        string real = Path.Combine(recordings, $"BC-000002_2020{random.Next(1, 13):D2}01T000000Z_0001_clip01.mp4");
        Ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30",
            "-movflags", "frag_keyframe+empty_moov", "-y", real);
        byte[] whole = File.ReadAllBytes(real);
        File.Delete(real);
        Write(recordings, Path.GetFileName(real), whole[..random.Next(1, whole.Length)]);
        trial.Log($"foreign files: {string.Join(", ", _hashes.Keys)}");
        return Task.CompletedTask;
    }

    protected override Task InjectAsync(Trial trial, DeviceSession session) => Task.CompletedTask;

    protected override Task AfterStopAsync(Trial trial, DeviceSession session)
    {
        string recordings = session.Workspace.RecordingsDirectory;
        foreach (var (name, hash) in _hashes)
        {
            string path = Path.Combine(recordings, name);
            if (!File.Exists(path))
            {
                trial.Break("foreign", $"{name} is gone");
            }
            else if (Hash(File.ReadAllBytes(path)) != hash)
            {
                trial.Break("foreign", $"{name} was changed");
            }
        }

        if (!Directory.Exists(Path.Combine(recordings, Directory.GetDirectories(recordings).Select(Path.GetFileName).FirstOrDefault() ?? "-")))
        {
            trial.Break("foreign", "the directory named like a clip is gone");
        }

        foreach (string stray in Directory.GetFiles(recordings).Select(Path.GetFileName).Where(name => _hashes.Keys.Any(foreign => name != foreign && name!.StartsWith(Path.GetFileNameWithoutExtension(foreign) + ".", StringComparison.Ordinal)))!)
        {
            trial.Break("foreign", $"{stray} was written beside a foreign file");
        }

        return Task.CompletedTask;
    }

    private void Write(string directory, string name, byte[] content)
    {
        File.WriteAllBytes(Path.Combine(directory, name), content);
        _hashes[name] = Hash(content);
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Hash(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private static void Ffmpeg(params string[] arguments)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "-v", "error" }.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        process.StandardError.ReadToEnd();
        process.WaitForExit();
    }
}
